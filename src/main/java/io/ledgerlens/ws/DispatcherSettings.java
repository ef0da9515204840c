package io.ledgerlens.ws;

import java.time.Duration;

/** What the event dispatcher needs to know of the {@code websocket:} configuration, checked. */
record DispatcherSettings(Duration pollInterval, long maxReplay, Duration pingInterval, Duration pongTimeout,
                          int maxChannels) {
    DispatcherSettings {
        positive("pollInterval", pollInterval);
        positive("pingInterval", pingInterval);
        positive("pongTimeout", pongTimeout);
        if (maxReplay < 0) {
            throw new IllegalArgumentException("maxReplay must be >= 0, got " + maxReplay);
        }
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
    }
}
