package io.ledgerlens.webhooks;

import io.ledgerlens.ingest.LedgerIngestion;
import io.ledgerlens.sync.AssetWrites;
import io.ledgerlens.sync.CorridorSync;
import io.ledgerlens.sync.PoolWrites;

import java.util.List;

/** The event types a subscription may ask for: the types the data jobs write to the event log. */
public final class EventTypes {
    public static final List<String> ALL = List.of(LedgerIngestion.EVENT_TYPE, CorridorSync.EVENT_TYPE,
            PoolWrites.EVENT_TYPE, AssetWrites.EVENT_TYPE);
    /** Sent by {@code POST /api/webhooks/{id}/test}; not in the event log, never subscribed to. */
    public static final String TEST = "webhook.test";

    private EventTypes() {
    }
}
