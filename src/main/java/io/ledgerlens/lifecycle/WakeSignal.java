package io.ledgerlens.lifecycle;

import java.time.Duration;

/** A wake-up that is never lost: one given while nobody waits makes the next wait return at once. */
public final class WakeSignal {
    private boolean woken;

    public synchronized void wake() {
        woken = true;
        notifyAll();
    }

    /** Returns when woken (now or earlier) or after {@code timeout}; either way the wake-up is used up. */
    public synchronized void await(Duration timeout) throws InterruptedException {
        if (!woken) {
            wait(Math.max(1, timeout.toMillis()));
        }
        woken = false;
    }
}
