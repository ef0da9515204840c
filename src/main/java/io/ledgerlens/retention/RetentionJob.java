package io.ledgerlens.retention;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.ledgerlens.db.Database;
import io.ledgerlens.lifecycle.JobUnit;
import io.ledgerlens.lifecycle.Sleeper;
import io.ledgerlens.lifecycle.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One run deletes what aged out, kind after kind, one batch per transaction with a pause between two, so that
 * ingestion's writes take turns with it. A stop is noticed between batches: the batch in progress commits whole.
 * Metrics: {@code retention.<table>.deleted} counters, {@code retention.last_run_ms}.
 */
public final class RetentionJob implements JobUnit {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

    /** A kind and how long it is kept; a zero duration keeps it forever. */
    record Rule(Sweep sweep, Duration keep) {
        Rule {
            Objects.requireNonNull(sweep, "sweep");
            if (keep.isNegative()) {
                throw new IllegalArgumentException(sweep.name() + " retention must be >= 0, got " + keep);
            }
        }
    }

    private final Database database;
    private final List<Rule> rules;
    private final int batchSize;
    private final Duration pause;
    private final Clock clock;
    private final Ticker ticker;
    private final Sleeper sleeper;
    private final Map<String, Counter> deleted = new HashMap<>();
    private volatile long lastRunMs = -1;

    RetentionJob(Database database, List<Rule> rules, int batchSize, Duration pause, Clock clock, Ticker ticker,
                 Sleeper sleeper, MetricRegistry metrics) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        this.database = Objects.requireNonNull(database, "database");
        this.rules = List.copyOf(rules);
        this.batchSize = batchSize;
        this.pause = Objects.requireNonNull(pause, "pause");
        this.clock = clock;
        this.ticker = ticker;
        this.sleeper = sleeper;
        for (Rule rule : this.rules) {
            for (String table : rule.sweep().tables()) {
                deleted.put(table, metrics.counter("retention." + table + ".deleted"));
            }
        }
        metrics.gauge("retention.last_run_ms", () -> () -> lastRunMs);
    }

    @Override
    public void run(StopToken stop) throws Exception {
        final long started = ticker.nanos();
        final Map<String, Long> total = new HashMap<>();
        boolean first = true;
        for (Rule rule : rules) {
            if (rule.keep().isZero()) {
                continue;
            }
            boolean more = true;
            while (more) {
                if (!first) {
                    sleeper.sleep(pause);
                }
                if (stop.stopRequested()) {
                    finish(started, total, "stopped");
                    return;
                }
                first = false;
                final Sweep.Batch batch = database.inTransaction(h -> rule.sweep().deleteBatch(h,
                        clock.instant().minus(rule.keep()), batchSize));
                batch.deleted().forEach((table, rows) -> {
                    deleted.get(table).inc(rows);
                    total.merge(table, (long) rows, Long::sum);
                });
                more = batch.more();
            }
        }
        finish(started, total, "done");
    }

    private void finish(long started, Map<String, Long> total, String how) {
        lastRunMs = (ticker.nanos() - started) / 1_000_000;
        total.values().removeIf(rows -> rows == 0);
        if (!total.isEmpty()) {
            LOG.info("retention {} in {} ms, rows deleted: {}", how, lastRunMs, total);
        }
    }

    long deleted(String table) {
        return deleted.get(table).getCount();
    }
}
