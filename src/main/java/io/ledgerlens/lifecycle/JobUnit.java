package io.ledgerlens.lifecycle;

/**
 * One unit of a background job's work: a batch committed whole, a delivery attempted once. The job runner calls
 * it again and again until a stop is requested; a unit in progress is allowed to finish.
 */
@FunctionalInterface
public interface JobUnit {
    /** @param stop lets a long unit notice a stop request and end early at a safe point */
    void run(StopToken stop) throws Exception;

    /**
     * Called once, on the stopping thread, right after a stop is requested: a unit that waits on a signal of its
     * own (not on the runner's pause) wakes itself here, so that it notices the stop now rather than at its next
     * poll. Must not block.
     */
    default void onStopRequested() {
    }

    interface StopToken {
        boolean stopRequested();

        /**
         * Runs {@code action} once when a stop is requested (at once if it already was), so that a unit blocked in
         * a call it cannot poll (an HTTP request to a peer that does not answer) can cancel it. Close the returned
         * registration when the call is over. The default token cannot notify and never runs the action.
         */
        default Registration onStop(Runnable action) {
            return () -> { };
        }
    }

    /** Ends an {@link StopToken#onStop} registration; never throws. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
