package io.ledgerlens.sync;

import io.ledgerlens.events.EventType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlens.db.Cursors;
import io.ledgerlens.events.EventLog;
import io.ledgerlens.lifecycle.JobProgress;
import io.ledgerlens.lifecycle.JobUnit;
import org.jdbi.v3.core.Handle;
import io.ledgerlens.db.Database;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Payment corridors, incrementally: each batch reads the payments of the stored ledgers after the checkpoint
 * (ingestion commits whole ledgers, so everything up to the highest stored ledger is complete), adds them to the
 * corridor totals and hourly rollups, appends a {@code corridor.updated} event per corridor touched and moves the
 * checkpoint, all in one transaction.
 */
public final class CorridorSync implements JobUnit {
    public static final String CHECKPOINT = "sync.corridors";

    private final Database database;
    private final Jdbi jdbi;
    private final int batchLedgers;
    private final JobProgress progress;
    private final Runnable afterCommit;
    private final ObjectMapper json;
    private final Clock clock;

    public CorridorSync(Database database, int batchLedgers, JobProgress progress, Runnable afterCommit,
                        ObjectMapper json, Clock clock) {
        if (batchLedgers < 1) {
            throw new IllegalArgumentException("batchLedgers must be >= 1, got " + batchLedgers);
        }
        this.database = database;
        this.jdbi = database.jdbi();
        this.batchLedgers = batchLedgers;
        this.progress = progress;
        this.afterCommit = afterCommit;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void run(StopToken stop) throws Exception {
        progress.track(() -> {
            while (!stop.stopRequested() && syncBatch()) {
                // more stored ledgers past the checkpoint: go on at once
            }
        });
    }

    /** @return true if a batch was added and more stored ledgers may be waiting */
    boolean syncBatch() throws Exception {
        final Batch batch = database.inTransaction(this::addNextBatch);
        if (!batch.advanced()) {
            progress.caughtUp(batch.behind());
            return false;
        }
        if (batch.corridorsTouched() > 0) {
            afterCommit.run();
        }
        progress.succeeded(Long.toString(batch.checkpoint()), batch.behind());
        return batch.behind() > 0;
    }

    private record Batch(boolean advanced, long checkpoint, long behind, int corridorsTouched) {
    }

    private Batch addNextBatch(Handle h) throws JsonProcessingException {
        final Long first = h.createQuery("SELECT MIN(sequence) FROM ledgers").mapTo(Long.class).one();
        final Long highest = h.createQuery("SELECT MAX(sequence) FROM ledgers").mapTo(Long.class).one();
        if (highest == null) {
            return new Batch(false, 0, -1, 0);
        }
        final long checkpoint = Cursors.get(h, CHECKPOINT).map(Long::parseLong).orElse(first - 1);
        if (checkpoint >= highest) {
            return new Batch(false, checkpoint, 0, 0);
        }
        final long upper = Math.min(highest, checkpoint + batchLedgers);
        final List<CorridorDelta.Row> rows = h.createQuery("SELECT ledger_sequence, transaction_successful, "
                        + "created_at, asset, amount, source_asset, source_amount FROM payments "
                        + "WHERE ledger_sequence > :from AND ledger_sequence <= :to ORDER BY ledger_sequence, op_index")
                .bind("from", checkpoint).bind("to", upper)
                .map((rs, ctx) -> new CorridorDelta.Row(rs.getLong(1), rs.getInt(2) == 1,
                        Instant.parse(rs.getString(3)), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getString(7)))
                .list();
        final Map<String, CorridorDelta> totals = new LinkedHashMap<>();
        final Map<String, CorridorDelta> hours = new LinkedHashMap<>();
        for (CorridorDelta.Row row : rows) {
            totals.computeIfAbsent(row.corridor(), k -> new CorridorDelta(row.corridor(), row.sourceAsset(),
                    row.asset())).add(row);
            hours.computeIfAbsent(row.corridor() + "|" + row.hour(), k -> new CorridorDelta(row.corridor(),
                    row.sourceAsset(), row.asset())).add(row);
        }
        final Instant now = clock.instant();
        final List<EventLog.NewEvent> events = new ArrayList<>(totals.size());
        for (CorridorDelta delta : totals.values()) {
            final Map<String, Object> after = CorridorWrites.addToTotals(h, delta);
            events.add(new EventLog.NewEvent(EventType.CORRIDOR_UPDATED.label(), delta.corridor(),
                    json.writeValueAsString(after)));
        }
        for (Map.Entry<String, CorridorDelta> hour : hours.entrySet()) {
            CorridorWrites.addToHour(h, hour.getValue(), hour.getKey().substring(hour.getKey().indexOf('|') + 1));
        }
        Cursors.put(h, CHECKPOINT, Long.toString(upper), now);
        // Last: the event log's lock is held from the first append to the commit (EventLog.appendAll).
        EventLog.appendAll(h, events, now);
        return new Batch(true, upper, highest - upper, totals.size());
    }
}
