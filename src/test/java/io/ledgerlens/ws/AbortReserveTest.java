package io.ledgerlens.ws;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The part of the websockets budget kept back to abort what is still open and report: sized by what is open. */
class AbortReserveTest {
    private static final Duration BUDGET = Duration.ofSeconds(2);

    @Test
    void twentyMillisecondsToReportAndATenthOfAMillisecondPerOpenConnection() {
        assertThat(WebSocketHub.abortReserve(BUDGET, 0)).isEqualTo(Duration.ofMillis(20));
        assertThat(WebSocketHub.abortReserve(BUDGET, 81)).isEqualTo(Duration.ofMillis(20).plusNanos(8_100_000));
        assertThat(WebSocketHub.abortReserve(BUDGET, 4_800)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void neverMoreThan500MillisecondsOrAQuarterOfTheBudget() {
        assertThat(WebSocketHub.abortReserve(BUDGET, 10_000)).isEqualTo(Duration.ofMillis(500));
        assertThat(WebSocketHub.abortReserve(Duration.ofMillis(400), 10_000)).isEqualTo(Duration.ofMillis(100));
        assertThat(WebSocketHub.abortReserve(Duration.ofMillis(40), 0)).isEqualTo(Duration.ofMillis(10));
    }
}
