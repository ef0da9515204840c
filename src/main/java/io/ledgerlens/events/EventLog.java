package io.ledgerlens.events;

import io.ledgerlens.db.Dialect;
import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.List;

/**
 * Appends to the {@code events} table inside the caller's transaction, so an event exists exactly when the data
 * that caused it does. Sequences are max + 1, drawn while no other event-writing transaction is open: on SQLite the
 * writer holds the write lock from BEGIN ({@code transaction_mode=IMMEDIATE}); on PostgreSQL it first takes a
 * transaction-scoped advisory lock ({@link Dialect#lockEventLog}), held until its commit. So two writers never draw
 * the same number, and sequences commit in order: a reader that has seen N never later finds a smaller one appear.
 */
public final class EventLog {
    private EventLog() {
    }

    /** @return the sequence given to the event */
    public static long append(Handle handle, String type, String subject, String payloadJson, Instant at) {
        return insert(handle, List.of(new NewEvent(type, subject, payloadJson)), at);
    }

    /** An event to append: see {@link #appendAll}. */
    public record NewEvent(String type, String subject, String payloadJson) {
    }

    /**
     * Appends {@code events} in their order. A writer calls it after its other writes, just before its commit: on
     * PostgreSQL the event log's lock is held from the first append to the commit, and every other writer of
     * events (ingestion among them) waits for it meanwhile, so it should cover the event rows and nothing else.
     * No events: no lock.
     */
    public static void appendAll(Handle handle, List<NewEvent> events, Instant at) {
        if (!events.isEmpty()) {
            insert(handle, events, at);
        }
    }

    /** The lock once, the last sequence once: under the lock, the next ones are this transaction's to give. */
    private static long insert(Handle handle, List<NewEvent> events, Instant at) {
        Dialect.of(handle).lockEventLog(handle);
        long sequence = lastSequence(handle);
        for (NewEvent event : events) {
            sequence++;
            handle.createUpdate("INSERT INTO events (sequence, type, subject, payload, created_at) "
                            + "VALUES (:sequence, :type, :subject, :payload, :createdAt)")
                    .bind("sequence", sequence)
                    .bind("type", event.type())
                    .bind("subject", event.subject())
                    .bind("payload", event.payloadJson())
                    .bind("createdAt", at.toString())
                    .execute();
        }
        return sequence;
    }

    public static long lastSequence(Handle handle) {
        return handle.createQuery("SELECT COALESCE(MAX(sequence), 0) FROM events").mapTo(Long.class).one();
    }

    /** Events with a sequence above {@code afterSequence}, oldest first, at most {@code limit}. */
    public static List<StoredEvent> after(Handle handle, long afterSequence, int limit) {
        return handle.createQuery("SELECT sequence, type, subject, payload, created_at FROM events "
                        + "WHERE sequence > :after ORDER BY sequence LIMIT :limit")
                .bind("after", afterSequence)
                .bind("limit", limit)
                .map((rs, ctx) -> new StoredEvent(rs.getLong("sequence"), rs.getString("type"),
                        rs.getString("subject"), rs.getString("payload"), Instant.parse(rs.getString("created_at"))))
                .list();
    }
}
