package io.ledgerlens.retry;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {
    private final Clock clock = Clock.fixed(Instant.parse("2024-09-10T12:00:00Z"), ZoneOffset.UTC);

    private Backoff backoff(double draw) {
        return new Backoff(Duration.ofMillis(250), Duration.ofSeconds(10), Duration.ofSeconds(30), () -> draw, clock);
    }

    @Test
    void theCeilingDoublesPerRetryUpToTheMaximumAndTheJitterScalesIt() {
        assertThat(backoff(1.0).after(0)).isEqualTo(Duration.ofMillis(250));
        assertThat(backoff(1.0).after(3)).isEqualTo(Duration.ofMillis(2000));
        assertThat(backoff(1.0).after(6)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff(1.0).after(62)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff(0.5).after(2)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff(0.0).after(5)).isZero();
    }

    @Test
    void retryAfterAcceptsSecondsAndHttpDatesCapsThemAndIgnoresGarbage() {
        assertThat(backoff(1).retryAfter("7")).hasValue(Duration.ofSeconds(7));
        assertThat(backoff(1).retryAfter("Tue, 10 Sep 2024 12:00:12 GMT")).hasValue(Duration.ofSeconds(12));
        assertThat(backoff(1).retryAfter("Tue, 10 Sep 2024 11:00:00 GMT")).hasValue(Duration.ZERO);
        assertThat(backoff(1).retryAfter("30")).hasValue(Duration.ofSeconds(30));
        assertThat(backoff(1).retryAfter("31")).hasValue(Duration.ofSeconds(30));
        assertThat(backoff(1).retryAfter("soon")).isEmpty();
        assertThat(backoff(1).retryAfter(null)).isEmpty();
    }

    @Test
    void initialMustBePositiveAndAtMostTheMaximum() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), () -> 1,
                clock)).hasMessageContaining("0 < initial <= max");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1),
                () -> 1, clock)).hasMessageContaining("0 < initial <= max");
    }
}
