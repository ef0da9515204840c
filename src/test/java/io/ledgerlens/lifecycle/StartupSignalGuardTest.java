package io.ledgerlens.lifecycle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(20)
class StartupSignalGuardTest {
    private static final Duration TOTAL = Duration.ofSeconds(10);

    private final FakeTicker ticker = new FakeTicker();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final RecordingExit exit = new RecordingExit(events);
    private final StartupSignalGuard guard = new StartupSignalGuard(TOTAL, ticker, exit, () -> events.add("flush"));
    private final List<ReceivedSignal> delivered = new CopyOnWriteArrayList<>();

    /** A signal that arrived {@code ago} before the fake now. */
    private ReceivedSignal signal(String name, Duration ago) {
        return new ReceivedSignal(name, ticker.nanos() - ago.toNanos());
    }

    @Test
    void aHeldSignalIsHandedOverWithItsArrivalTimeAndLaterOnesGoStraightThrough() {
        final ReceivedSignal first = signal("SIGTERM", Duration.ZERO);
        guard.accept(first);
        assertThat(delivered).isEmpty();

        guard.handOver(delivered::add);
        assertThat(delivered).containsExactly(first);

        final ReceivedSignal second = signal("SIGINT", Duration.ZERO);
        guard.accept(second);
        assertThat(delivered).containsExactly(first, second);
        assertThat(exit.haltCodes()).isEmpty();
    }

    @Test
    void aSecondSignalWhileStartingForcesTheExitAfterFlushingLogs() {
        guard.accept(signal("SIGTERM", Duration.ZERO));
        guard.accept(signal("SIGTERM", Duration.ZERO));

        assertThat(exit.haltCodes()).containsExactly(ExitCodes.FORCED_BY_SECOND_SIGNAL);
        assertThat(events).containsExactly("flush", "halt:3");
    }

    @Test
    void aStartupThatOutlivesTheBudgetCountedFromTheSignalIsForced() throws Exception {
        final long t0 = System.nanoTime();
        // Arrived 9.8 s ago on the ticker: 200 ms of the 10 s budget are left.
        guard.accept(signal("SIGTERM", Duration.ofMillis(9800)));

        assertThat(exit.awaitHalt(Duration.ofSeconds(5))).isEqualTo(ExitCodes.FORCED_BY_WATCHDOG);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(200);
        assertThat(events).containsExactly("flush", "halt:4");
    }

    @Test
    void aSignalOlderThanTheBudgetIsForcedAtOnce() throws Exception {
        guard.accept(signal("SIGTERM", TOTAL.plusSeconds(1)));
        assertThat(exit.awaitHalt(Duration.ofSeconds(5))).isEqualTo(ExitCodes.FORCED_BY_WATCHDOG);
    }

    @Test
    void handOverDisarmsTheStartupWatchdog() {
        guard.accept(signal("SIGTERM", TOTAL.minusMillis(500)));
        guard.handOver(delivered::add);

        assertThatThrownBy(() -> exit.awaitHalt(Duration.ofMillis(800))).isInstanceOf(TimeoutException.class);
        assertThat(delivered).hasSize(1);
    }

    @Test
    void handOverWithNothingHeldDeliversNothing() {
        guard.handOver(delivered::add);
        assertThat(delivered).isEmpty();
        assertThatThrownBy(() -> guard.handOver(null)).isInstanceOf(NullPointerException.class);
    }
}
