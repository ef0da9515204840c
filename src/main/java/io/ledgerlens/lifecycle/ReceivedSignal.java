package io.ledgerlens.lifecycle;

/** A signal and when it arrived ({@link Ticker} nanos): the shutdown deadline counts from that instant. */
public record ReceivedSignal(String name, long atNanos) {
}
