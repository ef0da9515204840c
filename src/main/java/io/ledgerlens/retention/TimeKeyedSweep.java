package io.ledgerlens.retention;

import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * A table with a two-column key and an ISO-8601 time column: deletes up to a batch of rows older than the cutoff,
 * chosen by key (standard SQL that SQLite and PostgreSQL both run: no DELETE ... LIMIT, no rowid).
 */
final class TimeKeyedSweep implements Sweep {
    private final String table;
    private final String key1;
    private final String key2;
    private final String timeColumn;
    private final boolean hourly;

    private TimeKeyedSweep(String table, String key1, String key2, String timeColumn, boolean hourly) {
        this.table = table;
        this.key1 = key1;
        this.key2 = key2;
        this.timeColumn = timeColumn;
        this.hourly = hourly;
    }

    static TimeKeyedSweep poolSnapshots() {
        return new TimeKeyedSweep("pool_snapshots", "pool_id", "taken_at", "taken_at", false);
    }

    static TimeKeyedSweep assetSnapshots() {
        return new TimeKeyedSweep("asset_snapshots", "asset", "taken_at", "taken_at", false);
    }

    /** An hour row goes once its whole hour is older than the cutoff. */
    static TimeKeyedSweep corridorHours() {
        return new TimeKeyedSweep("corridor_hours", "corridor", "hour", "hour", true);
    }

    @Override
    public String name() {
        return table;
    }

    @Override
    public List<String> tables() {
        return List.of(table);
    }

    @Override
    public Batch deleteBatch(Handle h, Instant cutoff, int batchSize) {
        final String bound = (hourly ? cutoff.truncatedTo(ChronoUnit.HOURS) : cutoff).toString();
        final int deleted = h.createUpdate("DELETE FROM " + table + " WHERE (" + key1 + ", " + key2 + ") IN "
                        + "(SELECT " + key1 + ", " + key2 + " FROM " + table + " WHERE " + timeColumn + " < :bound "
                        + "LIMIT :batch)")
                .bind("bound", bound).bind("batch", batchSize).execute();
        return new Batch(Map.of(table, deleted), deleted == batchSize);
    }
}
