package io.ledgerlens.lifecycle;

/** Ends the process; injected so that tests can observe an exit instead of suffering it. */
public interface ProcessExit {
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
}
