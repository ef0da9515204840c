package io.ledgerlens.cache;

import io.ledgerlens.lifecycle.Ticker;

import java.time.Duration;
import java.util.Objects;

/**
 * After a Redis error, reads skip Redis for a while: with Redis down or slow, a request then pays the socket
 * timeout at most once per window instead of on every call.
 */
final class ErrorBreaker {
    private final Ticker ticker;
    private final long openNanos;
    private volatile long skipUntil;
    private volatile boolean open;

    ErrorBreaker(Ticker ticker, Duration openFor) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        if (openFor == null || openFor.isNegative() || openFor.isZero()) {
            throw new IllegalArgumentException("openFor must be > 0, got " + openFor);
        }
        this.openNanos = openFor.toNanos();
    }

    /** @return true if Redis may be called now */
    boolean allows() {
        return !open || ticker.nanos() - skipUntil >= 0;
    }

    void failed() {
        skipUntil = ticker.nanos() + openNanos;
        open = true;
    }

    void succeeded() {
        open = false;
    }
}
