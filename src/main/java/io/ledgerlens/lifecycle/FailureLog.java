package io.ledgerlens.lifecycle;

import org.slf4j.Logger;

/**
 * Logs a job's failures on change: the first failure, and each one whose cause differs from the last, as one WARN
 * line with the cause chain; repeats of the same cause at DEBUG; the recovery at INFO with how many failed in a
 * row. Stack traces only at DEBUG. A source down for a minute is two lines, not one WARN with a stack a second.
 */
final class FailureLog {
    private final Logger log;
    private final String job;
    private String lastCause;
    private long inARow;

    FailureLog(Logger log, String job) {
        this.log = log;
        this.job = job;
    }

    /** Called from the job's own thread only. */
    void failed(Exception e, Object retryAfter) {
        final String cause = describe(e);
        inARow++;
        if (!cause.equals(lastCause)) {
            log.warn("job {} unit failed: {}; it runs again every {} (the same failure again is logged at DEBUG)",
                    job, cause, retryAfter);
            lastCause = cause;
        } else {
            log.debug("job {} unit failed again ({} in a row): {}", job, inARow, cause);
        }
        log.debug("job {} unit failure", job, e);
    }

    void succeeded() {
        if (lastCause != null) {
            log.info("job {} recovered after {} failed unit(s); last cause: {}", job, inARow, lastCause);
            lastCause = null;
        }
        inARow = 0;
    }

    /** "Type: message" of the exception, then of each cause that adds something, on one line. */
    static String describe(Throwable e) {
        final StringBuilder line = new StringBuilder(e.getClass().getSimpleName());
        if (e.getMessage() != null) {
            line.append(": ").append(e.getMessage());
        }
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !line.toString().contains(cause.getMessage())) {
                line.append(" (caused by ").append(cause.getClass().getSimpleName()).append(": ")
                        .append(cause.getMessage()).append(')');
            }
        }
        return line.toString().replaceAll("\\s+", " ");
    }
}
