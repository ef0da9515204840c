package io.ledgerlens.lifecycle;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a call on a daemon thread and waits for it at most {@code budget}; for best-effort work on the way out. */
final class BoundedCall {
    private BoundedCall() {
    }

    /** @return true if the call completed without throwing within the budget */
    static boolean run(String name, Runnable call, Duration budget) {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final Thread thread = new Thread(() -> {
            try {
                call.run();
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        try {
            done.get(budget.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }
}
