package io.ledgerlens.webhooks;

import io.ledgerlens.events.EventType;

import java.util.List;

/** The event types a subscription may ask for: the types the data jobs write to the event log. */
public final class EventTypes {
    public static final List<String> ALL = EventType.labels();
    /** Sent by {@code POST /api/webhooks/{id}/test}; not in the event log, never subscribed to. */
    public static final String TEST = "webhook.test";

    private EventTypes() {
    }
}
