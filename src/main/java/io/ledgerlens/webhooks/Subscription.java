package io.ledgerlens.webhooks;

import java.time.Instant;
import java.util.List;

/**
 * A webhook subscription. {@code startSequence} is the last event-log sequence when it was created: it receives
 * the events after it, never the history before it.
 */
public record Subscription(String id, String url, List<String> eventTypes, String description, String secret,
                           boolean active, long startSequence, Instant createdAt, Instant updatedAt) {
    public Subscription {
        eventTypes = List.copyOf(eventTypes);
    }

    public boolean wants(String eventType) {
        return eventTypes.contains(eventType);
    }

    /** A paused subscription resumed: it gets the events after {@code sequence}, not those of the pause. */
    public Subscription startingAfter(long sequence) {
        return new Subscription(id, url, eventTypes, description, secret, active, sequence, createdAt, updatedAt);
    }

    public Subscription withChanges(String newUrl, List<String> newTypes, String newDescription, Boolean newActive,
                                    Instant at) {
        return new Subscription(id, newUrl == null ? url : newUrl, newTypes == null ? eventTypes : newTypes,
                newDescription == null ? description : newDescription, secret,
                newActive == null ? active : newActive, startSequence, createdAt, at);
    }
}
