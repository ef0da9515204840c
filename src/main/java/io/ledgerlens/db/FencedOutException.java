package io.ledgerlens.db;

/** A write refused because the lease that allowed it has passed to another instance. */
public final class FencedOutException extends RuntimeException {
    public FencedOutException(String message) {
        super(message);
    }
}
