package io.ledgerlens.lifecycle;

import java.time.Duration;

/** Pauses the calling thread; injected next to {@link Ticker} so that polling loops are testable. */
@FunctionalInterface
public interface Sleeper {
    Sleeper SYSTEM = d -> Thread.sleep(Math.max(0, d.toMillis()), 0);

    void sleep(Duration duration) throws InterruptedException;
}
