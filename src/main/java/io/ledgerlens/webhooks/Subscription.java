package io.ledgerlens.webhooks;

import java.time.Instant;
import java.util.List;

/**
 * A webhook subscription. {@code startSequence} is the last event-log sequence when it was created: it receives
 * the events after it, never the history before it. An inactive one says why ({@code pausedReason}, one of
 * {@link #MANUAL}, {@link #BACKLOG_CAP}, {@link #FAILING}) and since when; both are null while it is active.
 */
public record Subscription(String id, String url, List<String> eventTypes, String description, String secret,
                           boolean active, long startSequence, Instant createdAt, Instant updatedAt,
                           String pausedReason, Instant pausedAt) {
    /** Paused through the API ({@code active: false}). */
    public static final String MANUAL = "manual";
    /** Paused by fan-out: its pending deliveries reached {@code webhooks.maxPendingPerSubscription}. */
    public static final String BACKLOG_CAP = "backlog_cap";
    /** Disabled: no attempt succeeded for {@code webhooks.disableFailingAfter} while attempts failed. */
    public static final String FAILING = "failing";

    public Subscription {
        eventTypes = List.copyOf(eventTypes);
    }

    /** An active subscription, or one paused by hand ({@code active} false). */
    public Subscription(String id, String url, List<String> eventTypes, String description, String secret,
                        boolean active, long startSequence, Instant createdAt, Instant updatedAt) {
        this(id, url, eventTypes, description, secret, active, startSequence, createdAt, updatedAt,
                active ? null : MANUAL, active ? null : createdAt);
    }

    public boolean wants(String eventType) {
        return eventTypes.contains(eventType);
    }

    /** A paused subscription resumed: it gets the events after {@code sequence}, not those of the pause. */
    public Subscription startingAfter(long sequence) {
        return new Subscription(id, url, eventTypes, description, secret, active, sequence, createdAt, updatedAt,
                pausedReason, pausedAt);
    }

    /** Resuming clears the pause's reason; pausing by hand records {@link #MANUAL}, unless it is paused already. */
    public Subscription withChanges(String newUrl, List<String> newTypes, String newDescription, Boolean newActive,
                                    Instant at) {
        final boolean nowActive = newActive == null ? active : newActive;
        final String reason = nowActive ? null : active ? MANUAL : pausedReason;
        final Instant since = nowActive ? null : active ? at : pausedAt;
        return new Subscription(id, newUrl == null ? url : newUrl, newTypes == null ? eventTypes : newTypes,
                newDescription == null ? description : newDescription, secret, nowActive, startSequence, createdAt,
                at, reason, since);
    }
}
