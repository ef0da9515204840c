package io.ledgerlens.lifecycle;

import java.time.Duration;

/** Ends the process; injected so that tests can observe an exit instead of suffering it. */
public interface ProcessExit {
    /** How long a forced exit waits for logging to drain before halting. */
    Duration FLUSH_BEFORE_HALT = Duration.ofMillis(1500);

    ProcessExit RUNTIME = new ProcessExit() {
        @Override
        public void exit(int code) {
            System.exit(code);
        }

        @Override
        public void halt(int code) {
            Runtime.getRuntime().halt(code);
        }
    };

    /** Normal exit: shutdown hooks run. */
    void exit(int code);

    /** Immediate exit: nothing else runs. Used when waiting any longer is the bigger harm. */
    void halt(int code);

    /** Halts after giving {@code flushLogging} a bounded moment, so the reason just logged is not lost. */
    default void haltAfterFlushing(Runnable flushLogging, int code) {
        BoundedCall.run("flush-before-halt", flushLogging, FLUSH_BEFORE_HALT);
        halt(code);
    }
}
