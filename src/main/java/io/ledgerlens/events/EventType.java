package io.ledgerlens.events;

import java.util.Arrays;
import java.util.List;

/**
 * What the data jobs write to the event log. The writers (ingestion, sync) and the readers (WebSocket channels,
 * webhook subscriptions) both name types through this, so that neither side imports the other.
 */
public enum EventType {
    LEDGER_CLOSED("ledger.closed"),
    CORRIDOR_UPDATED("corridor.updated"),
    POOL_UPDATED("pool.updated"),
    ASSET_UPDATED("asset.updated");

    private final String label;

    EventType(String label) {
        this.label = label;
    }

    /** The name stored in {@code events.type} and sent to clients. */
    public String label() {
        return label;
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(EventType::label).toList();
    }
}
