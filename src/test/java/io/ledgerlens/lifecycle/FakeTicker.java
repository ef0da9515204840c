package io.ledgerlens.lifecycle;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A ticker that only moves when told to; starts at an arbitrary non-zero value so absolute values never matter. */
final class FakeTicker implements Ticker {
    static final long ORIGIN = 123_456_789_000L;

    private final AtomicLong nanos = new AtomicLong(ORIGIN);

    @Override
    public long nanos() {
        return nanos.get();
    }

    void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("a monotonic ticker cannot go back: " + d);
        }
        nanos.addAndGet(d.toNanos());
    }

    /** Time since {@code since} (a value read from this ticker earlier). */
    Duration since(long since) {
        return Duration.ofNanos(nanos.get() - since);
    }
}
