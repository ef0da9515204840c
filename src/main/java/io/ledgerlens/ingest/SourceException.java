package io.ledgerlens.ingest;

/** A source call that failed after its retries (or was cut short by a stop); nothing was written because of it. */
public class SourceException extends Exception {
    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
