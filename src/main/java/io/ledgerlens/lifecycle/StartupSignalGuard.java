package io.ledgerlens.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Holds signals that arrive while the service is still being built, before there is a coordinator to hand them
 * to. The first one arms a watchdog for the total budget, counted from the signal itself, so that a startup that
 * hangs (a locked database, a slow migration) still ends before the orchestrator's SIGKILL; a second one forces
 * the exit at once. {@link #handOver} passes the held signals, with their arrival times, to the coordinator.
 */
public final class StartupSignalGuard implements Consumer<ReceivedSignal> {
    private static final Logger LOG = LoggerFactory.getLogger(StartupSignalGuard.class);

    private final Duration total;
    private final Ticker ticker;
    private final ProcessExit exit;
    private final Runnable flushLogging;
    private final SignalHolder held = new SignalHolder();
    private ShutdownWatchdog watchdog;

    public StartupSignalGuard(Duration total, Ticker ticker, ProcessExit exit, Runnable flushLogging) {
        this.total = Objects.requireNonNull(total, "total");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.exit = Objects.requireNonNull(exit, "exit");
        this.flushLogging = Objects.requireNonNull(flushLogging, "flushLogging");
    }

    @Override
    public void accept(ReceivedSignal signal) {
        held.offer(signal, count -> held(signal, count), () -> { });
    }

    private void held(ReceivedSignal signal, int count) {
        if (count > 1) {
            LOG.error("second {} while still starting: forcing exit with code {}", signal.name(),
                    ExitCodes.FORCED_BY_SECOND_SIGNAL);
            exit.haltAfterFlushing(flushLogging, ExitCodes.FORCED_BY_SECOND_SIGNAL);
            return;
        }
        final Duration left = total.minusNanos(ticker.nanos() - signal.atNanos());
        watchdog = new ShutdownWatchdog(() -> {
            LOG.error("{} arrived during startup and startup has not finished within the total shutdown budget of "
                    + "{} ms: forcing exit with code {}", signal.name(), total.toMillis(), ExitCodes.FORCED_BY_WATCHDOG);
            exit.haltAfterFlushing(flushLogging, ExitCodes.FORCED_BY_WATCHDOG);
        });
        watchdog.arm(left.isNegative() ? Duration.ZERO : left);
    }

    /** From now on signals go to {@code coordinator}, starting with the ones held, in order. */
    public void handOver(Consumer<ReceivedSignal> coordinator) {
        held.routeTo(coordinator, () -> {
            if (watchdog != null) {
                // The coordinator has armed its own watchdog from the same signal time: one deadline.
                watchdog.disarm();
            }
        });
    }
}
