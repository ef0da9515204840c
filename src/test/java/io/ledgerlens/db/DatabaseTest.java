package io.ledgerlens.db;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jackson.Jackson;
import io.ledgerlens.lifecycle.PhaseOutcome;
import io.ledgerlens.lifecycle.PhaseResult;
import io.ledgerlens.lifecycle.PreviousShutdown;
import io.ledgerlens.lifecycle.ShutdownOutcome;
import io.ledgerlens.lifecycle.ShutdownReport;
import io.ledgerlens.lifecycle.ShutdownReportStore;
import io.ledgerlens.testsupport.TestStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real stores: migrations and the run/report store on SQLite and PostgreSQL; WAL mode and the checkpoint at stop on
 * SQLite.
 */
class DatabaseTest {
    @TempDir
    Path dir;

    private DataSourceFactory factory(Path file) {
        final DataSourceFactory factory = new DataSourceFactory();
        factory.setDriverClass("org.sqlite.JDBC");
        factory.setUrl("jdbc:sqlite:" + file);
        factory.setProperties(Map.of("journal_mode", "WAL", "busy_timeout", "5000"));
        factory.setValidationQuery("SELECT 1");
        return factory;
    }

    @Test
    void opensInWalModeAndCreatesTheDirectory() throws Exception {
        final Path file = dir.resolve("nested/deeper/ledgerlens.db");
        final Database db = Database.open(factory(file), new MetricRegistry());
        assertThat(file).exists();
        assertThat(db.dialect()).isEqualTo(Dialect.SQLITE);
        final String mode = db.jdbi().withHandle(h -> h.createQuery("PRAGMA journal_mode").mapTo(String.class).one());
        assertThat(mode).isEqualToIgnoringCase("wal");
        db.stop(Duration.ofSeconds(1));
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void migratesAtOpenOnceAndNotAgain(TestStore store) throws Exception {
        final DataSourceFactory factory = store.newFactory(dir);
        final Database db = Database.open(factory, new MetricRegistry());
        assertThat(db.dialect().name()).isEqualTo(store.name());
        assertThat(changeSets(db)).containsExactly("1-lifecycle-runs:EXECUTED", "2-stellar-data:EXECUTED",
                "3-webhooks:EXECUTED", "4-leases:EXECUTED", "5-run-instance:EXECUTED",
                "6-webhook-bounds:EXECUTED", "7-sealed-secrets:EXECUTED");
        db.stop(Duration.ofSeconds(1));

        final Database again = Database.open(factory, new MetricRegistry());
        assertThat(changeSets(again)).as("nothing run twice").hasSize(7);
        final long ledgers = again.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM ledgers")
                .mapTo(Long.class).one());
        assertThat(ledgers).isZero();
        again.stop(Duration.ofSeconds(1));
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void migrateOnStartFalseLeavesTheSchemaAlone(TestStore store) throws Exception {
        final DataSourceFactory given = store.newFactory(dir);
        final DatabaseConfig config = new DatabaseConfig();
        config.setUrl(given.getUrl());
        config.setUser(given.getUser());
        config.setProperties(given.getProperties());
        config.setMigrateOnStart(false);
        final Database db = Database.open(config, new MetricRegistry());
        assertThatThrownBy(() -> db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM ledgers")
                .mapTo(Long.class).one())).hasMessageContaining("ledgers");
        db.stop(Duration.ofSeconds(1));
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void aLiquibaseLockLeftByAProcessKilledWhileMigratingDoesNotBlockTheNextStart(TestStore store) throws Exception {
        final DataSourceFactory factory = store.newFactory(dir);
        final Database first = Database.open(factory, new MetricRegistry());
        // What a kill -9 in the middle of a migration leaves behind: the last change set not run, the lock taken.
        first.jdbi().useHandle(h -> {
            h.execute("DROP TABLE webhook_deliveries");
            h.execute("DROP TABLE webhook_subscriptions");
            h.execute("DELETE FROM databasechangelog WHERE id = '3-webhooks'");
            h.execute("UPDATE databasechangeloglock SET locked = TRUE, lockedby = 'killed'");
        });
        first.stop(Duration.ofSeconds(1));

        final Database next = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return Database.open(factory, new MetricRegistry());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(changeSets(next)).hasSize(7).endsWith("3-webhooks:EXECUTED");
        next.stop(Duration.ofSeconds(1));
    }

    static java.util.List<String> changeSets(Database db) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT id, exectype FROM databasechangelog "
                + "ORDER BY orderexecuted").map((rs, ctx) -> rs.getString(1) + ":" + rs.getString(2)).list());
    }

    @Test
    void stopCheckpointsTheWalSoTheMainFileHoldsEverything() throws Exception {
        final Path file = dir.resolve("ledgerlens.db");
        final Database db = Database.open(factory(file), new MetricRegistry());
        db.jdbi().useHandle(h -> {
            h.execute("CREATE TABLE t (v TEXT)");
            for (int i = 0; i < 200; i++) {
                h.execute("INSERT INTO t VALUES (?)", "row-" + i);
            }
        });
        final Path wal = dir.resolve("ledgerlens.db-wal");
        assertThat(Files.size(wal)).as("writes went to the WAL").isPositive();

        assertThat(db.stop(Duration.ofSeconds(2)).outcome()).isEqualTo(PhaseOutcome.CLEAN);
        assertThat(Files.exists(wal) ? Files.size(wal) : 0L).as("WAL emptied").isZero();
        assertThat(db.stop(Duration.ofSeconds(1)).outcome()).as("stop is idempotent").isEqualTo(PhaseOutcome.SKIPPED);

        final Database reopened = Database.open(factory(file), new MetricRegistry());
        final int rows = reopened.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM t")
                .mapTo(Integer.class).one());
        assertThat(rows).isEqualTo(200);
        reopened.stop(Duration.ofSeconds(1));
    }

    private SqliteShutdownReportStore reportStore(DataSourceFactory factory) {
        return new SqliteShutdownReportStore(factory.getUrl(), Dialect.of(factory.getUrl())
                .connectionProperties(factory), Jackson.newObjectMapper());
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void reportStoreKeepsRunsAndReportsAndFindsUnfinishedRuns(TestStore kind) throws Exception {
        final DataSourceFactory factory = kind.newFactory(dir);
        final Database db = Database.open(factory, new MetricRegistry());
        final SqliteShutdownReportStore store = reportStore(factory);
        final Instant t0 = Instant.parse("2026-11-24T10:00:00Z");
        store.recordRunStarted("run-1", "instance-a", 11, "test-host", t0);
        store.recordRunStarted("run-2", "instance-a", 12, "test-host", t0.plusSeconds(60));
        store.recordShutdownStarted("run-2", "SIGTERM", t0.plusSeconds(90));
        store.recordRunStarted("run-3", "instance-a", 13, "test-host", t0.plusSeconds(120));

        assertThat(store.unfinishedRuns("run-3")).extracting(ShutdownReportStore.UnfinishedRun::runId)
                .containsExactly("run-1", "run-2");
        assertThat(store.unfinishedRuns("run-3").get(1).shutdownCause()).isEqualTo("SIGTERM");
        assertThat(store.unfinishedRuns("run-3").get(0).lastSeen()).isEqualTo(t0);
        store.recordHeartbeat("run-1", t0.plusSeconds(5));
        assertThat(store.unfinishedRuns("run-3").get(0).heartbeatAt()).isEqualTo(t0.plusSeconds(5));
        assertThat(store.unfinishedRuns("run-3").get(0).host()).isEqualTo("test-host");
        assertThat(store.unfinishedRuns("run-3").get(0).instanceId()).isEqualTo("instance-a");

        final ShutdownReport report = new ShutdownReport("run-2", "instance-a", "SIGTERM", t0.plusSeconds(90),
                ShutdownOutcome.CLEAN, 1234, 30000, 0,
                List.of(new PhaseResult("drain", PhaseOutcome.CLEAN, 1000, 5000, "quiet")), Map.of("x", 7L), false);
        store.save(report);
        assertThat(store.latest()).contains(report);
        assertThat(store.unfinishedRuns("run-3")).extracting(ShutdownReportStore.UnfinishedRun::runId).containsExactly("run-1");
        assertThat(store.recent(10)).containsExactly(report);
        assertThatThrownBy(() -> store.recent(0)).hasMessageContaining("limit must be >= 1");

        db.stop(Duration.ofSeconds(1));
        // The store opens its own connections: it still works after the pool is closed, as the report phase needs.
        store.save(report.withOutcome(ShutdownOutcome.TIMED_OUT, 2));
        assertThat(store.latest().orElseThrow().outcome()).isEqualTo(ShutdownOutcome.TIMED_OUT);
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void outcomeCountsCountTheNewestReportsFromTheOutcomeColumnAsTheReportsWouldSay(TestStore kind)
            throws Exception {
        final DataSourceFactory factory = kind.newFactory(dir);
        final Database db = Database.open(factory, new MetricRegistry());
        final SqliteShutdownReportStore store = reportStore(factory);
        final Instant t0 = Instant.parse("2026-11-24T10:00:00Z");
        // Oldest first: 2 failed, then 3 clean, 1 forced, 1 timed out; and one run still without a report.
        final List<ShutdownOutcome> outcomes = List.of(ShutdownOutcome.FAILED, ShutdownOutcome.FAILED,
                ShutdownOutcome.CLEAN, ShutdownOutcome.CLEAN, ShutdownOutcome.FORCED, ShutdownOutcome.CLEAN,
                ShutdownOutcome.TIMED_OUT);
        for (int i = 0; i < outcomes.size(); i++) {
            final String run = "run-" + i;
            store.recordRunStarted(run, "instance-a", 100 + i, "test-host", t0.plusSeconds(60L * i));
            store.save(new ShutdownReport(run, "SIGTERM", t0.plusSeconds(60L * i + 30), outcomes.get(i), 10, 30000,
                    0, List.of(), Map.of(), false));
        }
        store.recordRunStarted("running", "instance-a", 999, "test-host", t0.plusSeconds(3600));

        for (int limit : new int[] {1, 5, 6, 7, 100}) {
            assertThat(store.outcomeCounts(limit)).as("newest %d", limit)
                    .isEqualTo(PreviousShutdown.history(store.recent(limit)));
        }
        assertThat(store.outcomeCounts(5)).containsExactly(Map.entry(ShutdownOutcome.CLEAN, 3L),
                Map.entry(ShutdownOutcome.TIMED_OUT, 1L), Map.entry(ShutdownOutcome.FORCED, 1L),
                Map.entry(ShutdownOutcome.FAILED, 0L));
        assertThatThrownBy(() -> store.outcomeCounts(0)).hasMessageContaining("limit must be >= 1");
        db.stop(Duration.ofSeconds(1));
    }
}
