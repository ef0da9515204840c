package io.ledgerlens.retention;

import com.codahale.metrics.MetricRegistry;
import io.ledgerlens.db.Database;
import io.ledgerlens.events.EventLog;
import io.ledgerlens.lifecycle.JobUnit.StopToken;
import io.ledgerlens.lifecycle.Ticker;
import io.ledgerlens.sync.CorridorSync;
import io.ledgerlens.testsupport.MutableClock;
import io.ledgerlens.testsupport.TestDatabases;
import io.ledgerlens.testsupport.TestStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The retention job on a real store: what goes, what always stays, and how a stop ends a run. */
abstract class RetentionJobContract {
    abstract TestStore store();

    static final StopToken RUNNING = () -> false;
    static final Instant NOW = Instant.parse("2026-03-01T12:30:00Z");
    static final Instant OLD = NOW.minus(Duration.ofDays(30));

    @TempDir
    Path dir;
    Database db;
    StoredRows rows;
    MetricRegistry metrics;
    final AtomicInteger pauses = new AtomicInteger();

    @BeforeEach
    void open() throws Exception {
        db = TestDatabases.open(store(), dir);
        rows = new StoredRows(db);
        metrics = new MetricRegistry();
    }

    @AfterEach
    void close() throws Exception {
        db.stop(Duration.ofSeconds(1));
    }

    RetentionJob job(Sweep sweep, Duration keep, int batch) {
        return new RetentionJob(db, List.of(new RetentionJob.Rule(sweep, keep)), batch, Duration.ofMillis(50),
                new MutableClock(NOW), Ticker.SYSTEM, d -> pauses.incrementAndGet(), metrics);
    }

    @Test
    void oldLedgersGoWithTheirPaymentsButNeverTheNewest() throws Exception {
        rows.ledgers(1, 10, OLD, 3);
        rows.cursor(CorridorSync.CHECKPOINT, 10);

        final RetentionJob job = job(new LedgerSweep(), Duration.ofDays(7), 1000);
        job.run(RUNNING);

        assertThat(rows.count("SELECT MIN(sequence) FROM ledgers")).isEqualTo(10);
        assertThat(rows.count("SELECT COUNT(*) FROM ledgers")).isEqualTo(1);
        assertThat(rows.count("SELECT COUNT(*) FROM payments")).isEqualTo(3);
        assertThat(rows.count("SELECT COUNT(*) FROM payments WHERE ledger_sequence <> 10")).isZero();
        assertThat(metrics.counter("retention.ledgers.deleted").getCount()).isEqualTo(9);
        assertThat(metrics.counter("retention.payments.deleted").getCount()).isEqualTo(27);
        assertThat((Long) metrics.getGauges().get("retention.last_run_ms").getValue()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void recentLedgersStay() throws Exception {
        rows.ledgers(1, 5, OLD, 1);
        rows.ledgers(6, 10, NOW.minus(Duration.ofDays(1)), 1);
        rows.cursor(CorridorSync.CHECKPOINT, 10);

        job(new LedgerSweep(), Duration.ofDays(7), 1000).run(RUNNING);

        assertThat(rows.count("SELECT MIN(sequence) FROM ledgers")).isEqualTo(6);
        assertThat(rows.count("SELECT COUNT(*) FROM payments")).isEqualTo(5);
    }

    @Test
    void paymentsTheCorridorRollUpHasNotCountedStay() throws Exception {
        rows.ledgers(1, 10, OLD, 2);

        job(new LedgerSweep(), Duration.ofDays(7), 1000).run(RUNNING);
        assertThat(rows.count("SELECT COUNT(*) FROM ledgers")).as("no checkpoint yet: nothing counted").isEqualTo(10);

        rows.cursor(CorridorSync.CHECKPOINT, 4);
        job(new LedgerSweep(), Duration.ofDays(7), 1000).run(RUNNING);
        assertThat(rows.count("SELECT MIN(sequence) FROM ledgers")).isEqualTo(5);
        assertThat(rows.count("SELECT MIN(ledger_sequence) FROM payments")).isEqualTo(5);
    }

    @Test
    void aRunDeletesInBatchesWithAPauseBetweenThem() throws Exception {
        rows.ledgers(1, 10, OLD, 2);
        rows.cursor(CorridorSync.CHECKPOINT, 10);

        job(new LedgerSweep(), Duration.ofDays(7), 3).run(RUNNING);

        assertThat(rows.count("SELECT COUNT(*) FROM ledgers")).isEqualTo(1);
        // 1-3, 4-6, 7-9: three transactions, a pause before the second and the third.
        assertThat(pauses).hasValue(2);
    }

    @Test
    void aStopEndsTheRunBetweenBatchesAndTheBatchInProgressCommitsWhole() throws Exception {
        rows.ledgers(1, 10, OLD, 2);
        rows.cursor(CorridorSync.CHECKPOINT, 10);
        // The stop arrives while the first batch runs: it is seen at the next check, after that batch.
        final StopToken stopAfterFirstBatch = () -> pauses.get() > 0;

        job(new LedgerSweep(), Duration.ofDays(7), 3).run(stopAfterFirstBatch);

        assertThat(rows.count("SELECT MIN(sequence) FROM ledgers")).isEqualTo(4);
        assertThat(rows.count("SELECT MIN(ledger_sequence) FROM payments")).isEqualTo(4);
        assertThat(rows.count("SELECT COUNT(*) FROM payments")).isEqualTo(14);
        assertThat(metrics.counter("retention.ledgers.deleted").getCount()).isEqualTo(3);
    }

    @Test
    void zeroKeepsAKindForever() throws Exception {
        rows.ledgers(1, 10, OLD, 1);
        rows.cursor(CorridorSync.CHECKPOINT, 10);

        job(new LedgerSweep(), Duration.ZERO, 1000).run(RUNNING);

        assertThat(rows.count("SELECT COUNT(*) FROM ledgers")).isEqualTo(10);
    }

    @Test
    void theReplayWindowOfNewestEventsStays() throws Exception {
        rows.events(100, OLD);

        job(new EventSweep(10, true), Duration.ofDays(3), 30).run(RUNNING);

        assertThat(rows.count("SELECT MIN(sequence) FROM events")).isEqualTo(91);
        assertThat(rows.count("SELECT COUNT(*) FROM events")).isEqualTo(10);
    }

    @Test
    void theNewestEventStaysSoThatItsNumberIsNeverGivenAgain() throws Exception {
        rows.events(5, OLD);

        job(new EventSweep(0, false), Duration.ofDays(3), 1000).run(RUNNING);

        assertThat(rows.count("SELECT MIN(sequence) FROM events")).isEqualTo(5);
        final long next = db.inTransaction(h -> EventLog.append(h, "ledger.closed", "s", "{}", NOW));
        assertThat(next).isEqualTo(6);
    }

    @Test
    void eventsTheWebhookFanoutHasNotReachedStay() throws Exception {
        rows.events(100, OLD);
        rows.subscription("active", true, 0);
        rows.subscription("paused", false, 0);
        rows.cursor(EventSweep.FANOUT_CURSOR, 40);

        job(new EventSweep(0, true), Duration.ofDays(3), 1000).run(RUNNING);
        assertThat(rows.count("SELECT MIN(sequence) FROM events")).isEqualTo(41);

        // With the fan-out off, its cursor does not hold anything back.
        job(new EventSweep(0, false), Duration.ofDays(3), 1000).run(RUNNING);
        assertThat(rows.count("SELECT MIN(sequence) FROM events")).isEqualTo(100);
    }

    @Test
    void eventsBeforeTheOldestSubscriptionStartConcernNobody() throws Exception {
        rows.events(100, OLD);
        rows.subscription("late", true, 70);

        job(new EventSweep(0, true), Duration.ofDays(3), 1000).run(RUNNING);

        assertThat(rows.count("SELECT MIN(sequence) FROM events")).isEqualTo(71);
    }

    @Test
    void recentEventsStay() throws Exception {
        rows.events(20, OLD);
        rows.events(20, NOW.minus(Duration.ofHours(1)));

        job(new EventSweep(0, false), Duration.ofDays(3), 7).run(RUNNING);

        assertThat(rows.count("SELECT MIN(sequence) FROM events")).isEqualTo(21);
        assertThat(metrics.counter("retention.events.deleted").getCount()).isEqualTo(20);
    }

    @Test
    void snapshotsGoByTheTimeTheyWereTakenInBatches() throws Exception {
        for (int i = 0; i < 5; i++) {
            rows.poolSnapshot("p" + i, OLD.plusSeconds(i));
            rows.assetSnapshot("a" + i, OLD.plusSeconds(i));
        }
        rows.poolSnapshot("p0", NOW.minus(Duration.ofDays(6)));
        rows.assetSnapshot("a0", NOW.minus(Duration.ofDays(6)));

        job(TimeKeyedSweep.poolSnapshots(), Duration.ofDays(7), 2).run(RUNNING);
        job(TimeKeyedSweep.assetSnapshots(), Duration.ofDays(7), 2).run(RUNNING);

        assertThat(rows.count("SELECT COUNT(*) FROM pool_snapshots")).isEqualTo(1);
        assertThat(rows.count("SELECT COUNT(*) FROM asset_snapshots")).isEqualTo(1);
        assertThat(metrics.counter("retention.pool_snapshots.deleted").getCount()).isEqualTo(5);
        // 2 + 2 + 1 rows: three transactions per table.
        assertThat(pauses).hasValue(4);
    }

    @Test
    void anHourlyRollUpGoesOnlyOnceItsWholeHourIsPastTheCutoff() throws Exception {
        // The cutoff is 2026-02-01T12:30Z: the 12:00 hour still holds kept payments.
        rows.corridorHour("c", "2026-02-01T11:00:00Z");
        rows.corridorHour("c", "2026-02-01T12:00:00Z");
        rows.corridorHour("c", "2026-02-01T13:00:00Z");

        job(TimeKeyedSweep.corridorHours(), Duration.ofDays(28), 1000).run(RUNNING);

        assertThat(rows.count("SELECT COUNT(*) FROM corridor_hours")).isEqualTo(2);
        assertThat(rows.count("SELECT COUNT(*) FROM corridor_hours WHERE hour = '2026-02-01T11:00:00Z'")).isZero();
    }
}
