package io.ledgerlens.retention;

import io.ledgerlens.db.Cursors;
import io.ledgerlens.sync.CorridorSync;
import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Ledgers and their payments, together, by ledger sequence range from the oldest: never the newest stored ledger
 * (ingestion checks that the next page chains onto it) and never a ledger past the corridor roll-up's checkpoint
 * (its payments are not counted yet). A batch is at most {@code batchSize} ledgers.
 */
final class LedgerSweep implements Sweep {
    @Override
    public String name() {
        return "ledgers";
    }

    @Override
    public List<String> tables() {
        return List.of("ledgers", "payments");
    }

    @Override
    public Batch deleteBatch(Handle h, Instant cutoff, int batchSize) {
        final Long lowest = h.createQuery("SELECT MIN(sequence) FROM ledgers").mapTo(Long.class).one();
        final Long head = h.createQuery("SELECT MAX(sequence) FROM ledgers").mapTo(Long.class).one();
        final Long rolledUp = Cursors.get(h, CorridorSync.CHECKPOINT).map(Long::parseLong).orElse(null);
        if (lowest == null || rolledUp == null) {
            return Batch.none();
        }
        final long limit = Math.min(head - 1, rolledUp);
        final long hi = Math.min(lowest + batchSize - 1, limit);
        if (hi < lowest) {
            return Batch.none();
        }
        // Close times grow with the sequence: the old ledgers of the range are a prefix of it.
        final Long upTo = h.createQuery("SELECT MAX(sequence) FROM ledgers WHERE sequence BETWEEN :lo AND :hi "
                        + "AND closed_at < :cutoff")
                .bind("lo", lowest).bind("hi", hi).bind("cutoff", cutoff.toString()).mapTo(Long.class).one();
        if (upTo == null) {
            return Batch.none();
        }
        final int payments = h.createUpdate("DELETE FROM payments WHERE ledger_sequence BETWEEN :lo AND :upTo")
                .bind("lo", lowest).bind("upTo", upTo).execute();
        final int ledgers = h.createUpdate("DELETE FROM ledgers WHERE sequence BETWEEN :lo AND :upTo")
                .bind("lo", lowest).bind("upTo", upTo).execute();
        return new Batch(Map.of("ledgers", ledgers, "payments", payments), upTo == hi && hi < limit);
    }
}
