package io.ledgerlens.lifecycle;

/** A monotonic nanosecond source, injected so that budgets and waits can be tested without real time. */
@FunctionalInterface
public interface Ticker {
    Ticker SYSTEM = System::nanoTime;

    long nanos();
}
