package io.ledgerlens.lifecycle;

/** Process exit codes after a shutdown, or a start that failed; documented in docs/shutdown.md. */
public final class ExitCodes {
    public static final int CLEAN = 0;
    public static final int FAILED = 1;
    public static final int TIMED_OUT = 2;
    public static final int FORCED_BY_SECOND_SIGNAL = 3;
    public static final int FORCED_BY_WATCHDOG = 4;
    /** A command did not start: a configuration error, a port in use, a database file that cannot be used. */
    public static final int DID_NOT_START = 5;

    private ExitCodes() {
    }

    static int of(ShutdownOutcome outcome) {
        return switch (outcome) {
            case CLEAN -> CLEAN;
            case TIMED_OUT -> TIMED_OUT;
            case FAILED -> FAILED;
            case FORCED -> FORCED_BY_SECOND_SIGNAL;
        };
    }
}
