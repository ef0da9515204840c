package io.ledgerlens.lifecycle;

import com.codahale.metrics.MetricRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ShutdownMetricsTest {
    private final MetricRegistry registry = new MetricRegistry();
    private final ShutdownMetrics metrics = new ShutdownMetrics(registry);

    private Object gauge(String name) {
        assertThat(registry.getGauges()).containsKey(name);
        return registry.getGauges().get(name).getValue();
    }

    private static ShutdownReport report(ShutdownOutcome outcome, Integer exitCode, boolean unclean,
                                         Map<String, Long> facts, PhaseResult... phases) {
        return new ShutdownReport("run-0", "SIGTERM", Instant.EPOCH, outcome, 1500, 30_000, exitCode,
                List.of(phases), facts, unclean);
    }

    @Test
    void startsIdleWithEveryOutcomeCounterAtZero() {
        assertThat(gauge("shutdown.in_progress")).isEqualTo(0L);
        assertThat(gauge("shutdown.total_ms")).isEqualTo(-1L);
        assertThat(gauge("shutdown.in_flight_at_drain_start")).isEqualTo(-1L);
        for (ShutdownOutcome o : ShutdownOutcome.values()) {
            assertThat(registry.counter("shutdown.outcome." + o.label()).getCount()).isZero();
        }
    }

    @Test
    void followsAShutdownAsItHappens() {
        metrics.onStarted("SIGTERM", new ShutdownPlan(List.of(), Duration.ofSeconds(30), Duration.ofSeconds(1)));
        assertThat(gauge("shutdown.in_progress")).isEqualTo(1L);

        metrics.onPhase(new PhaseResult("signal", PhaseOutcome.CLEAN, 3, 1000, "cause SIGTERM"));
        metrics.onPhase(new PhaseResult("drain", PhaseOutcome.CLEAN, 1200, 5000, "quiet"));
        assertThat(gauge("shutdown.phase.signal.duration_ms")).isEqualTo(3L);
        assertThat(gauge("shutdown.phase.drain.duration_ms")).isEqualTo(1200L);
        metrics.onPhase(new PhaseResult("drain", PhaseOutcome.CLEAN, 1300, 5000, "again"));
        assertThat(gauge("shutdown.phase.drain.duration_ms")).as("a repeated phase updates its gauge").isEqualTo(1300L);

        metrics.onFinished(report(ShutdownOutcome.CLEAN, 0, false, Map.of("inFlightAtDrainStart", 3L)));

        assertThat(registry.counter("shutdown.outcome.clean").getCount()).isEqualTo(1);
        assertThat(registry.counter("shutdown.outcome.timed_out").getCount()).isZero();
        assertThat(registry.counter("shutdown.outcome.forced").getCount()).isZero();
        assertThat(registry.counter("shutdown.outcome.failed").getCount()).isZero();
        assertThat(gauge("shutdown.in_progress")).isEqualTo(0L);
        assertThat(gauge("shutdown.total_ms")).isEqualTo(1500L);
        assertThat(gauge("shutdown.in_flight_at_drain_start")).isEqualTo(3L);
    }

    @Test
    void requestsInFlightAreReadWhenTheShutdownStartsNotOnlyInTheFinalReport() {
        metrics.countInFlight(() -> 7);
        metrics.onStarted("SIGTERM", new ShutdownPlan(List.of(), Duration.ofSeconds(30), Duration.ofSeconds(1)));
        assertThat(gauge("shutdown.in_flight_at_drain_start")).as("during the drain").isEqualTo(7L);
    }

    @Test
    void aReportWithoutTheDrainFactLeavesInFlightUnknown() {
        metrics.onFinished(report(ShutdownOutcome.TIMED_OUT, 2, false, Map.of()));
        assertThat(gauge("shutdown.in_flight_at_drain_start")).isEqualTo(-1L);
        assertThat(registry.counter("shutdown.outcome.timed_out").getCount()).isEqualTo(1);
    }

    @Test
    void exposesThePreviousReport() {
        final ShutdownReport previous = report(ShutdownOutcome.FORCED, 3, true, Map.of("jobsStuck", 1L),
                new PhaseResult("signal", PhaseOutcome.CLEAN, 2, 1000, ""),
                new PhaseResult("background", PhaseOutcome.TIMED_OUT, 5000, 5000, ""));
        final Map<ShutdownOutcome, Long> history = PreviousShutdown.history(List.of(previous,
                report(ShutdownOutcome.CLEAN, 0, false, Map.of()), report(ShutdownOutcome.CLEAN, 0, false, Map.of())));

        metrics.exposePrevious(Optional.of(previous), history);

        assertThat(gauge("shutdown.previous.unclean")).isEqualTo(1L);
        assertThat(gauge("shutdown.previous.total_ms")).isEqualTo(1500L);
        assertThat(gauge("shutdown.previous.exit_code")).isEqualTo(3L);
        assertThat(gauge("shutdown.previous.outcome.forced")).isEqualTo(1L);
        assertThat(gauge("shutdown.previous.outcome.clean")).isEqualTo(0L);
        assertThat(gauge("shutdown.previous.outcome.timed_out")).isEqualTo(0L);
        assertThat(gauge("shutdown.previous.outcome.failed")).isEqualTo(0L);
        assertThat(gauge("shutdown.previous.phase.signal.duration_ms")).isEqualTo(2L);
        assertThat(gauge("shutdown.previous.phase.background.duration_ms")).isEqualTo(5000L);
        assertThat(gauge("shutdown.previous.fact.jobsStuck")).isEqualTo(1L);
        assertThat(gauge("shutdown.history.clean")).isEqualTo(2L);
        assertThat(gauge("shutdown.history.forced")).isEqualTo(1L);
        assertThat(gauge("shutdown.history.failed")).isEqualTo(0L);
    }

    @Test
    void aCleanPreviousReportWithoutExitCode() {
        metrics.exposePrevious(Optional.of(report(ShutdownOutcome.FAILED, null, false, Map.of())), Map.of());
        assertThat(gauge("shutdown.previous.unclean")).isEqualTo(0L);
        assertThat(gauge("shutdown.previous.exit_code")).isEqualTo(-1L);
        assertThat(gauge("shutdown.previous.outcome.failed")).isEqualTo(1L);
    }

    @Test
    void noPreviousReportOnAFirstStart() {
        metrics.exposePrevious(Optional.empty(), PreviousShutdown.history(List.of()));
        assertThat(registry.getGauges().keySet()).noneMatch(n -> n.startsWith("shutdown.previous."));
        assertThat(gauge("shutdown.history.clean")).isEqualTo(0L);
    }
}
