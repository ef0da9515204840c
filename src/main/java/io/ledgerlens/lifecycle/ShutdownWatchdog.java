package io.ledgerlens.lifecycle;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Calls {@code onExpiry} if the shutdown is still running when its total budget is spent, so that the process
 * exits before an orchestrator's SIGKILL would cut it off with nothing recorded.
 */
final class ShutdownWatchdog {
    private final Runnable onExpiry;
    private final CountDownLatch disarmed = new CountDownLatch(1);
    private final AtomicBoolean armed = new AtomicBoolean();

    ShutdownWatchdog(Runnable onExpiry) {
        this.onExpiry = Objects.requireNonNull(onExpiry, "onExpiry");
    }

    void arm(Duration budget) {
        Objects.requireNonNull(budget, "budget");
        if (budget.isNegative()) {
            throw new IllegalArgumentException("watchdog budget must be >= 0, got " + budget);
        }
        if (!armed.compareAndSet(false, true)) {
            return;
        }
        final Thread thread = new Thread(() -> {
            try {
                if (!disarmed.await(budget.toNanos(), TimeUnit.NANOSECONDS)) {
                    onExpiry.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shutdown-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    void disarm() {
        disarmed.countDown();
    }

    boolean isArmed() {
        return armed.get() && disarmed.getCount() > 0;
    }
}
