package io.ledgerlens.db;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jackson.Jackson;
import io.ledgerlens.lifecycle.PendingReports;
import io.ledgerlens.lifecycle.PhaseOutcome;
import io.ledgerlens.lifecycle.PhaseResult;
import io.ledgerlens.lifecycle.PhaseStep;
import io.ledgerlens.lifecycle.ReportKeepingStore;
import io.ledgerlens.lifecycle.ShutdownOutcome;
import io.ledgerlens.lifecycle.ShutdownReport;
import io.ledgerlens.lifecycle.ShutdownReportStore;
import io.ledgerlens.testsupport.PostgresProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL gone at shutdown, on a server of its own that the test stops and starts again: the database phase
 * and the report stay within their budgets, the report is kept in a local file, and the next start saves it.
 */
class ReportKeepingStorePostgresTest {
    private static final ObjectMapper MAPPER = Jackson.newObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @TempDir
    Path dir;
    private PostgresProcess postgres;
    private DataSourceFactory factory;

    @BeforeEach
    void startPostgres() {
        postgres = PostgresProcess.start();
        factory = new DataSourceFactory();
        factory.setUrl(postgres.createDatabase());
        factory.setUser(PostgresProcess.USER);
        factory.setValidationQuery("SELECT 1");
    }

    @AfterEach
    void stopPostgres() {
        postgres.close();
    }

    private SqliteShutdownReportStore sqlStore() {
        return new SqliteShutdownReportStore(factory.getUrl(), Dialect.POSTGRES.connectionProperties(factory), MAPPER);
    }

    /** What the process that starts next builds: a new store over the same directory. */
    private ReportKeepingStore keepingStore() {
        return new ReportKeepingStore(sqlStore(), new PendingReports(pending(), MAPPER));
    }

    private Path pending() {
        return dir.resolve("pending-shutdown-reports");
    }

    private static ShutdownReport report(String runId) {
        return new ShutdownReport(runId, "pod-a", "SIGTERM", T0.plusSeconds(30), ShutdownOutcome.CLEAN, 1400, 25_000,
                0, List.of(new PhaseResult("database", PhaseOutcome.CLEAN, 3, 2000, "pool closed")),
                Map.of("webhooksPending", 0L), false);
    }

    @Test
    void aReportTheStoreTakesLeavesNoFile() throws Exception {
        final Database db = Database.open(factory, new MetricRegistry());
        final ReportKeepingStore store = keepingStore();
        store.recordRunStarted("run-0", "pod-a", 10, "host-a", T0);

        assertThat(store.save(report("run-0"))).isTrue();

        assertThat(store.latest()).contains(report("run-0"));
        assertThat(new PendingReports(pending(), MAPPER).files()).isEmpty();
        db.stop(Duration.ofSeconds(1));
    }

    @Test
    void withPostgresGoneTheShutdownStaysInBudgetAndTheReportIsSavedAtTheNextStart() throws Exception {
        final Database db = Database.open(factory, new MetricRegistry());
        final ReportKeepingStore store = keepingStore();
        store.recordRunStarted("run-1", "pod-a", 11, "host-a", T0);

        postgres.stop();

        long started = System.nanoTime();
        store.recordShutdownStarted("run-1", "SIGTERM", T0.plusSeconds(30));
        assertThat(elapsed(started)).as("the signal phase's share (budget 1 s)").isLessThan(Duration.ofSeconds(1));

        final Duration databaseBudget = Duration.ofSeconds(2);
        started = System.nanoTime();
        final PhaseStep.Result stopped = db.stop(databaseBudget);
        assertThat(elapsed(started)).as("the database phase").isLessThan(databaseBudget);
        assertThat(stopped.outcome()).isEqualTo(PhaseOutcome.CLEAN);

        started = System.nanoTime();
        assertThat(store.save(report("run-1"))).isTrue();
        assertThat(elapsed(started)).as("the report phase (reserve 1 s)").isLessThan(Duration.ofSeconds(1));
        final Path kept = pending().resolve("run-1.json");
        assertThat(kept).exists();
        assertThat(MAPPER.readValue(kept.toFile(), ShutdownReport.class)).isEqualTo(report("run-1"));

        postgres.launch();
        final ReportKeepingStore next = keepingStore();
        assertThat(next.persistPending()).isEqualTo(1);

        assertThat(kept).doesNotExist();
        assertThat(next.latest()).contains(report("run-1"));
        assertThat(next.unfinishedRuns("run-2")).as("the run is not taken for an unclean exit").isEmpty();
        assertThat(next.persistPending()).as("saved once").isZero();
    }

    @Test
    void aKeptReportOfARunThisStoreDoesNotKnowStaysInPlace() throws Exception {
        final Database db = Database.open(factory, new MetricRegistry());
        new PendingReports(pending(), MAPPER).keep(report("run-of-another-database"));

        assertThat(keepingStore().persistPending()).isZero();

        assertThat(pending().resolve("run-of-another-database.json")).exists();
        assertThat(sqlStore().recent(5)).isEmpty();
        db.stop(Duration.ofSeconds(1));
    }

    @Test
    void aKeptReportReplacesTheUncleanReportAnotherInstanceRecordedMeanwhile() throws Exception {
        final Database db = Database.open(factory, new MetricRegistry());
        final ShutdownReportStore shared = sqlStore();
        shared.recordRunStarted("run-1", "pod-a", 11, "host-a", T0);
        new PendingReports(pending(), MAPPER).keep(report("run-1"));
        // Another instance started while pod-a's report was still only in pod-a's file.
        assertThat(shared.saveIfUnreported(new ShutdownReport("run-1", "pod-a", "guess", null, ShutdownOutcome.FAILED,
                -1, -1, null, List.of(), Map.of(), true))).isTrue();

        assertThat(keepingStore().persistPending()).isEqualTo(1);

        assertThat(shared.latest()).contains(report("run-1"));
        assertThat(Files.list(pending())).isEmpty();
        db.stop(Duration.ofSeconds(1));
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
