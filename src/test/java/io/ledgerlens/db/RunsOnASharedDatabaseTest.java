package io.ledgerlens.db;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jackson.Jackson;
import io.ledgerlens.lifecycle.PreviousShutdown;
import io.ledgerlens.lifecycle.RunLiveness;
import io.ledgerlens.lifecycle.ShutdownOutcome;
import io.ledgerlens.lifecycle.ShutdownReport;
import io.ledgerlens.lifecycle.ShutdownReportStore;
import io.ledgerlens.testsupport.TestStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs of several instances in one real store (SQLite file, PostgreSQL database): what a starting instance calls
 * unclean, to whom it attributes it, that it is recorded once, and the per-instance listing.
 */
class RunsOnASharedDatabaseTest {
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;
    private Database db;
    private SqliteShutdownReportStore store;

    private void open(TestStore kind) throws Exception {
        final DataSourceFactory factory = kind.newFactory(dir);
        db = Database.open(factory, new MetricRegistry());
        store = new SqliteShutdownReportStore(factory.getUrl(), Dialect.of(factory.getUrl())
                .connectionProperties(factory), Jackson.newObjectMapper());
    }

    @AfterEach
    void close() throws Exception {
        if (db != null) {
            db.stop(Duration.ofSeconds(1));
        }
    }

    /** Instance {@code starter} starting on host-c as pid 1: every other run is on another host. */
    private static RunLiveness startingOnHostC() {
        return new RunLiveness("host-c", 1, pid -> pid == 1, CLOCK);
    }

    private static ShutdownReport clean(String runId) {
        return new ShutdownReport(runId, "SIGTERM", NOW.minusSeconds(500), ShutdownOutcome.CLEAN, 900, 25_000, 0,
                List.of(), Map.of(), false);
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void aStartCallsUncleanOnlyRunsThatEndedAttributesThemToTheirInstanceAndRecordsThemOnce(TestStore kind)
            throws Exception {
        open(kind);
        store.recordRunStarted("a-stopped", "instance-a", 11, "host-a", NOW.minusSeconds(900));
        store.save(clean("a-stopped"));
        store.recordRunStarted("b-killed", "instance-b", 21, "host-b", NOW.minusSeconds(800));
        store.recordHeartbeat("b-killed", NOW.minusSeconds(700));
        store.recordRunStarted("b-live", "instance-b", 22, "host-b", NOW.minusSeconds(600));
        store.recordHeartbeat("b-live", NOW.minusSeconds(3));
        store.recordRunStarted("a-live", "instance-a", 12, "host-a", NOW.minusSeconds(300));
        store.recordHeartbeat("a-live", NOW.minusSeconds(1));

        PreviousShutdown.inspect(store, "c-current", CLOCK, startingOnHostC());
        store.recordRunStarted("c-current", "instance-c", 1, "host-c", NOW);

        final ShutdownReport killed = store.recent(1, Optional.of("instance-b")).get(0);
        assertThat(killed.runId()).isEqualTo("b-killed");
        assertThat(killed.instanceId()).isEqualTo("instance-b");
        assertThat(killed.unclean()).isTrue();
        assertThat(killed.outcome()).isEqualTo(ShutdownOutcome.FAILED);
        assertThat(store.unfinishedRuns("c-current")).as("the live runs of other instances are not judged")
                .extracting(ShutdownReportStore.UnfinishedRun::runId).containsExactly("b-live", "a-live");
        assertThat(store.recent(10)).extracting(ShutdownReport::runId).containsExactly("b-killed", "a-stopped");
        assertThat(store.recent(10, Optional.of("instance-a"))).extracting(ShutdownReport::runId)
                .containsExactly("a-stopped");
        assertThat(store.recent(10, Optional.of("instance-a")).get(0).instanceId())
                .as("a report saved without an instance is named from its run").isEqualTo("instance-a");
        assertThat(store.recent(10, Optional.of("instance-z"))).isEmpty();

        // The next start, of another instance, finds nothing new to record: the killed run is reported already.
        final long detectedBefore = detectedAt(store.recent(1, Optional.of("instance-b")).get(0));
        final Clock later = Clock.offset(CLOCK, Duration.ofSeconds(5));
        PreviousShutdown.inspect(store, "d-current", later, new RunLiveness("host-d", 1, pid -> pid == 1, later));
        assertThat(detectedAt(store.recent(1, Optional.of("instance-b")).get(0))).isEqualTo(detectedBefore);
        assertThat(store.recent(10)).hasSize(2);
    }

    private static long detectedAt(ShutdownReport report) {
        return report.facts().get("detectedAtEpochMs");
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void instancesJudgingTheSameEndedRunAtOnceRecordItOnce(TestStore kind) throws Exception {
        open(kind);
        store.recordRunStarted("b-killed", "instance-b", 21, "host-b", NOW.minusSeconds(800));
        final int judges = 4;
        final CyclicBarrier together = new CyclicBarrier(judges);
        final ExecutorService pool = Executors.newFixedThreadPool(judges);
        try {
            final List<Future<Boolean>> recorded = new ArrayList<>();
            for (int i = 0; i < judges; i++) {
                final String judge = "judge-" + i;
                recorded.add(pool.submit(() -> {
                    together.await(30, TimeUnit.SECONDS);
                    return store.saveIfUnreported(new ShutdownReport("b-killed", "instance-b", judge, null,
                            ShutdownOutcome.FAILED, -1, -1, null, List.of(), Map.of(), true));
                }));
            }
            int wins = 0;
            for (Future<Boolean> f : recorded) {
                wins += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(wins).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        final ShutdownReport kept = store.latest().orElseThrow();
        assertThat(kept.cause()).startsWith("judge-");
        // The run's own report, written late (a paused instance that resumed and stopped), replaces the guess.
        store.save(clean("b-killed"));
        assertThat(store.latest().orElseThrow().unclean()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void runsRecordedBeforeInstancesWereNamedAreStillJudgedAndListed(TestStore kind) throws Exception {
        open(kind);
        db.jdbi().useHandle(h -> h.execute("INSERT INTO lifecycle_runs (run_id, pid, host, started_at) "
                + "VALUES ('old', 5, 'host-a', ?)", NOW.minusSeconds(3600).toString()));

        PreviousShutdown.inspect(store, "current", CLOCK, startingOnHostC());

        final ShutdownReport old = store.recent(1).get(0);
        assertThat(old.runId()).isEqualTo("old");
        assertThat(old.instanceId()).isNull();
        assertThat(old.unclean()).isTrue();
        assertThat(store.recent(5, Optional.of("host-a"))).isEmpty();
    }
}
