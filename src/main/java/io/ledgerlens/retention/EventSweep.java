package io.ledgerlens.retention;

import io.ledgerlens.db.Cursors;
import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The event log, by sequence range from the oldest. Kept whatever their age: the newest event (sequences are
 * max + 1, so deleting it would hand its number out again), the {@code keepNewest} newest events (the WebSocket
 * {@code since} window, {@code websocket.maxReplay}), and every event the webhook fan-out has not reached yet
 * (its cursor, or the start of the oldest active subscription if that is later).
 */
final class EventSweep implements Sweep {
    static final String FANOUT_CURSOR = "webhooks.fanout";

    private final long keepNewest;
    private final boolean webhooks;

    EventSweep(long keepNewest, boolean webhooks) {
        if (keepNewest < 0) {
            throw new IllegalArgumentException("keepNewest must be >= 0, got " + keepNewest);
        }
        this.keepNewest = keepNewest;
        this.webhooks = webhooks;
    }

    @Override
    public String name() {
        return "events";
    }

    @Override
    public List<String> tables() {
        return List.of("events");
    }

    @Override
    public Batch deleteBatch(Handle h, Instant cutoff, int batchSize) {
        final Long lowest = h.createQuery("SELECT MIN(sequence) FROM events").mapTo(Long.class).one();
        if (lowest == null) {
            return Batch.none();
        }
        final long last = h.createQuery("SELECT MAX(sequence) FROM events").mapTo(Long.class).one();
        long limit = last - Math.max(1, keepNewest);
        if (webhooks) {
            limit = Math.min(limit, fanoutReach(h));
        }
        final long hi = Math.min(lowest + batchSize - 1, limit);
        if (hi < lowest) {
            return Batch.none();
        }
        final Long upTo = h.createQuery("SELECT MAX(sequence) FROM events WHERE sequence BETWEEN :lo AND :hi "
                        + "AND created_at < :cutoff")
                .bind("lo", lowest).bind("hi", hi).bind("cutoff", cutoff.toString()).mapTo(Long.class).one();
        if (upTo == null) {
            return Batch.none();
        }
        final int events = h.createUpdate("DELETE FROM events WHERE sequence BETWEEN :lo AND :upTo")
                .bind("lo", lowest).bind("upTo", upTo).execute();
        return new Batch(Map.of("events", events), upTo == hi && hi < limit);
    }

    /** The highest sequence no active subscription still needs; everything when there is none. */
    private static long fanoutReach(Handle h) {
        final Long oldestStart = h.createQuery("SELECT MIN(start_sequence) FROM webhook_subscriptions "
                + "WHERE active = 1").mapTo(Long.class).one();
        if (oldestStart == null) {
            return Long.MAX_VALUE;
        }
        final long cursor = Cursors.get(h, FANOUT_CURSOR).map(Long::parseLong).orElse(0L);
        return Math.max(cursor, oldestStart);
    }
}
