package io.ledgerlens.lifecycle;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a call on a fresh daemon thread and waits for it at most a given time: the one way the shutdown path calls
 * something that may hang. A fresh daemon thread, so that a call that ignores interruption holds up neither the
 * caller nor the JVM's exit.
 */
final class BoundedCall {
    enum State { DONE, FAILED, TIMED_OUT, CALLER_INTERRUPTED }

    /** How a call ended: its value when {@code DONE}, its exception when {@code FAILED}. */
    record Ended<T>(State state, T value, Throwable failure) {
    }

    private BoundedCall() {
    }

    /**
     * @param interruptOnTimeout whether a call still running at the end of the wait is interrupted; leave it
     *                           running when finishing late is still worth something (a report saved late is kept)
     */
    static <T> Ended<T> call(String name, Callable<T> call, long waitNanos, boolean interruptOnTimeout) {
        final CompletableFuture<T> done = new CompletableFuture<>();
        final Thread thread = new Thread(() -> {
            try {
                done.complete(call.call());
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        try {
            return new Ended<>(State.DONE, done.get(waitNanos, TimeUnit.NANOSECONDS), null);
        } catch (TimeoutException e) {
            if (interruptOnTimeout) {
                thread.interrupt();
            }
            return new Ended<>(State.TIMED_OUT, null, null);
        } catch (ExecutionException e) {
            return new Ended<>(State.FAILED, null, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.interrupt();
            return new Ended<>(State.CALLER_INTERRUPTED, null, e);
        }
    }

    /** Best-effort work on the way out, left running if it overruns. @return true if it completed within budget */
    static boolean run(String name, Runnable call, Duration budget) {
        return call(name, () -> {
            call.run();
            return null;
        }, budget.toNanos(), false).state() == State.DONE;
    }
}
