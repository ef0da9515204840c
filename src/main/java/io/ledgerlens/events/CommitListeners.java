package io.ledgerlens.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Told after a job commits new events, so that readers of the event log (the WebSocket broadcaster, the webhook
 * dispatcher) look at once instead of at their next poll. A hint only: readers still poll, so a lost call
 * delays an event by at most one poll interval and never loses it.
 */
public final class CommitListeners {
    private static final Logger LOG = LoggerFactory.getLogger(CommitListeners.class);
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public void add(Runnable listener) {
        listeners.add(listener);
    }

    public void committed() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("commit listener failed", e);
            }
        }
    }
}
