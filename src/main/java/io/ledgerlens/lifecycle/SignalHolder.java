package io.ledgerlens.lifecycle;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Signals kept until there is a target to give them to, then given to it in the order they arrived: what both the
 * relay (before the configuration is read) and the startup guard (before the coordinator exists) need.
 */
final class SignalHolder {
    private final List<ReceivedSignal> held = new ArrayList<>();
    private Consumer<ReceivedSignal> target;

    /**
     * Gives {@code signal} to the target or, while there is none, holds it.
     *
     * @param whenHeld      runs under the lock with the number of signals held, this one included
     * @param beforePassing runs just before the signal is given to the target
     */
    void offer(ReceivedSignal signal, IntConsumer whenHeld, Runnable beforePassing) {
        final Consumer<ReceivedSignal> current;
        synchronized (this) {
            current = target;
            if (current == null) {
                held.add(signal);
                whenHeld.accept(held.size());
                return;
            }
        }
        beforePassing.run();
        current.accept(signal);
    }

    /** From now on signals go to {@code newTarget}, the held ones first; {@code afterReplay} runs under the lock. */
    void routeTo(Consumer<ReceivedSignal> newTarget, Runnable afterReplay) {
        Objects.requireNonNull(newTarget, "target");
        // Replayed under the lock: a signal arriving meanwhile waits in offer() and comes after the held ones.
        synchronized (this) {
            target = newTarget;
            held.forEach(newTarget);
            held.clear();
            afterReplay.run();
        }
    }
}
