package io.ledgerlens.cache;

import io.ledgerlens.lifecycle.Ticker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ErrorBreakerTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final Ticker ticker = now::get;
    private final ErrorBreaker breaker = new ErrorBreaker(ticker, Duration.ofNanos(500));

    @Test
    void skipsRedisForExactlyTheWindowAfterAnError() {
        assertThat(breaker.allows()).isTrue();
        breaker.failed();
        now.addAndGet(499);
        assertThat(breaker.allows()).isFalse();
        now.addAndGet(1);
        assertThat(breaker.allows()).as("window over: one call may try again").isTrue();
        breaker.failed();
        assertThat(breaker.allows()).isFalse();
        now.addAndGet(500);
        breaker.succeeded();
        assertThat(breaker.allows()).isTrue();
    }

    @Test
    void theWindowMustBePositive() {
        assertThatThrownBy(() -> new ErrorBreaker(ticker, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("openFor must be > 0");
    }
}
