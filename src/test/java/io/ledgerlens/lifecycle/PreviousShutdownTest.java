package io.ledgerlens.lifecycle;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PreviousShutdownTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-02T09:00:00Z"), ZoneOffset.UTC);

    private final InMemoryReportStore store = new InMemoryReportStore();

    private static ShutdownReport clean(String runId) {
        return new ShutdownReport(runId, "SIGTERM", T0, ShutdownOutcome.CLEAN, 1200, 30_000, 0, List.of(), Map.of(),
                false);
    }

    @Test
    void thePreviousReportIsDescribedInOneReadableLine() {
        final ShutdownReport report = new ShutdownReport("r1", "SIGTERM", T0, ShutdownOutcome.CLEAN, 5012, 20_000, 0,
                List.of(new PhaseResult("signal", PhaseOutcome.CLEAN, 2, 1000, null),
                        new PhaseResult("drain", PhaseOutcome.CLEAN, 5001, 5000, "quiet")), Map.of(), false);
        assertThat(PreviousShutdown.describe(report)).isEqualTo("run=r1 outcome=clean totalMs=5012 unclean=false "
                + "cause=SIGTERM phases=[signal clean 2ms, drain clean 5001ms]");
    }

    /** The unclean report exactly as docs/shutdown.md shows it (fields with no value are left out). */
    @Test
    void anUncleanReportHasTheFieldsTheDocsShow() throws Exception {
        store.recordRunStarted("crashed", "instance-a", 101, "test-host", T0);
        final ShutdownReport report = PreviousShutdown.inspect(store, "current", CLOCK).orElseThrow();
        final String json = io.dropwizard.jackson.Jackson.newObjectMapper().writeValueAsString(report);
        assertThat(json).isEqualTo("{\"runId\":\"crashed\",\"instanceId\":\"instance-a\",\"cause\":\""
                + PreviousShutdown.UNCLEAN + "\","
                + "\"outcome\":\"failed\",\"totalMs\":-1,\"budgetMs\":-1,\"phases\":[],"
                + "\"facts\":{\"detectedAtEpochMs\":1714640400000},\"unclean\":true}");
        final String docs = java.nio.file.Files.readString(java.nio.file.Path.of("docs/shutdown.md"));
        assertThat(docs).contains(json.replace("crashed", "…").replace("instance-a", "…"));
    }

    @Test
    void firstStartHasNoPrevious() {
        store.recordRunStarted("current", "instance-a", 1, "test-host", T0);
        assertThat(PreviousShutdown.inspect(store, "current", CLOCK)).isEmpty();
        assertThat(store.saved()).isEmpty();
    }

    @Test
    void aRunThatNeverBeganItsShutdownBecomesUncleanFailed() {
        store.recordRunStarted("crashed", "instance-a", 101, "test-host", T0);
        store.recordRunStarted("current", "instance-a", 102, "test-host", T0.plusSeconds(60));

        final Optional<ShutdownReport> previous = PreviousShutdown.inspect(store, "current", CLOCK);

        assertThat(previous).get().satisfies(r -> {
            assertThat(r.runId()).isEqualTo("crashed");
            assertThat(r.outcome()).isEqualTo(ShutdownOutcome.FAILED);
            assertThat(r.unclean()).isTrue();
            assertThat(r.cause()).isEqualTo(PreviousShutdown.UNCLEAN);
            assertThat(r.startedAt()).isNull();
            assertThat(r.exitCode()).isNull();
            assertThat(r.totalMs()).isEqualTo(-1);
            assertThat(r.budgetMs()).isEqualTo(-1);
            assertThat(r.phases()).isEmpty();
            assertThat(r.facts()).containsExactly(Map.entry("detectedAtEpochMs", CLOCK.millis()));
        });
    }

    @Test
    void aRunKilledDuringItsShutdownBecomesUncleanForced() {
        final Instant shutdownAt = T0.plusSeconds(30);
        store.recordRunStarted("killed", "instance-a", 101, "test-host", T0);
        store.recordShutdownStarted("killed", "SIGTERM", shutdownAt);
        store.recordRunStarted("current", "instance-a", 102, "test-host", T0.plusSeconds(60));

        final ShutdownReport r = PreviousShutdown.inspect(store, "current", CLOCK).orElseThrow();

        assertThat(r.outcome()).isEqualTo(ShutdownOutcome.FORCED);
        assertThat(r.unclean()).isTrue();
        assertThat(r.cause()).isEqualTo("SIGTERM; " + PreviousShutdown.UNCLEAN);
        assertThat(r.startedAt()).isEqualTo(shutdownAt);
    }

    @Test
    void theCurrentRunIsNeverReportedAsUnclean() {
        store.recordRunStarted("current", "instance-a", 102, "test-host", T0);

        PreviousShutdown.inspect(store, "current", CLOCK);

        assertThat(store.saved()).isEmpty();
        assertThat(store.unfinishedRuns("other")).extracting(ShutdownReportStore.UnfinishedRun::runId)
                .containsExactly("current");
    }

    @Test
    void everyUnfinishedRunIsReportedOldestFirstAndTheLatestReturned() {
        store.recordRunStarted("finished", "instance-a", 100, "test-host", T0);
        store.save(clean("finished"));
        store.recordRunStarted("crashed-1", "instance-a", 101, "test-host", T0.plusSeconds(10));
        store.recordRunStarted("crashed-2", "instance-a", 102, "test-host", T0.plusSeconds(20));
        store.recordRunStarted("current", "instance-a", 103, "test-host", T0.plusSeconds(30));

        final ShutdownReport previous = PreviousShutdown.inspect(store, "current", CLOCK).orElseThrow();

        assertThat(store.saved()).extracting(ShutdownReport::runId)
                .containsExactly("finished", "crashed-1", "crashed-2");
        assertThat(previous.runId()).isEqualTo("crashed-2");
        assertThat(previous).isEqualTo(store.latest().orElseThrow());
        assertThat(store.unfinishedRuns("current")).isEmpty();
    }

    @Test
    void aCleanPreviousRunIsReturnedAsIs() {
        store.recordRunStarted("finished", "instance-a", 100, "test-host", T0);
        final ShutdownReport report = clean("finished");
        store.save(report);
        store.recordRunStarted("current", "instance-a", 103, "test-host", T0.plusSeconds(30));

        assertThat(PreviousShutdown.inspect(store, "current", CLOCK)).contains(report);
        assertThat(store.saved()).hasSize(1);
    }

    @Test
    void historyCountsEveryOutcome() {
        final ShutdownReport forced = clean("b").withOutcome(ShutdownOutcome.FORCED, 3);
        assertThat(PreviousShutdown.history(List.of(clean("a"), forced, clean("c")))).containsExactly(
                Map.entry(ShutdownOutcome.CLEAN, 2L), Map.entry(ShutdownOutcome.TIMED_OUT, 0L),
                Map.entry(ShutdownOutcome.FORCED, 1L), Map.entry(ShutdownOutcome.FAILED, 0L));
        assertThat(PreviousShutdown.history(List.of())).hasSize(4).allSatisfy((o, n) -> assertThat(n).isZero());
    }

    @Test
    void aRunThatIsStillRunningIsLeftAloneNotCalledUnclean() {
        store.recordRunStarted("other-instance", "instance-a", 101, "test-host", T0);
        store.recordRunStarted("current", "instance-a", 102, "test-host", T0.plusSeconds(60));

        PreviousShutdown.inspect(store, "current", CLOCK, run -> run.runId().equals("other-instance"));

        assertThat(store.unfinishedRuns("current")).extracting(ShutdownReportStore.UnfinishedRun::runId)
                .containsExactly("other-instance");
        assertThat(store.latest()).isEmpty();
    }
}
