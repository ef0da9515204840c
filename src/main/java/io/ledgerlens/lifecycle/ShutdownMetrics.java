package io.ledgerlens.lifecycle;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Shutdown metrics in the Dropwizard registry (and so in Prometheus text). {@code shutdown.*} describes the
 * shutdown in progress, readable on the admin port until the http phase closes it; {@code shutdown.previous.*}
 * the last persisted report, exposed from the next start on.
 */
public final class ShutdownMetrics implements ShutdownListener {
    private final MetricRegistry registry;
    private final Map<String, Long> phaseDurations = new ConcurrentHashMap<>();
    private volatile long inProgress;
    private volatile long totalMs = -1;
    private volatile long inFlightAtDrainStart = -1;
    private volatile LongSupplier inFlight = () -> -1;

    public ShutdownMetrics(MetricRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        registry.register("shutdown.in_progress", (Gauge<Long>) () -> inProgress);
        registry.register("shutdown.total_ms", (Gauge<Long>) () -> totalMs);
        registry.register("shutdown.in_flight_at_drain_start", (Gauge<Long>) () -> inFlightAtDrainStart);
        for (ShutdownOutcome outcome : ShutdownOutcome.values()) {
            registry.counter("shutdown.outcome." + outcome.label());
        }
    }

    /** Where {@code shutdown.in_flight_at_drain_start} is read when a shutdown starts (the drain starts with it). */
    public void countInFlight(LongSupplier requestsInFlight) {
        this.inFlight = Objects.requireNonNull(requestsInFlight, "requestsInFlight");
    }

    @Override
    public void onStarted(String cause, ShutdownPlan plan) {
        inProgress = 1;
        inFlightAtDrainStart = inFlight.getAsLong();
    }

    @Override
    public void onPhase(PhaseResult result) {
        if (phaseDurations.putIfAbsent(result.name(), result.durationMs()) == null) {
            registry.register("shutdown.phase." + result.name() + ".duration_ms",
                    (Gauge<Long>) () -> phaseDurations.get(result.name()));
        }
        phaseDurations.put(result.name(), result.durationMs());
    }

    @Override
    public void onFinished(ShutdownReport report) {
        inProgress = 0;
        totalMs = report.totalMs();
        inFlightAtDrainStart = report.facts().getOrDefault("inFlightAtDrainStart", inFlightAtDrainStart);
        registry.counter("shutdown.outcome." + report.outcome().label()).inc();
    }

    /** Exposes the previous run's report; absent on a first start. */
    public void exposePrevious(Optional<ShutdownReport> previous, Map<ShutdownOutcome, Long> history) {
        history.forEach((outcome, count) ->
                registry.register("shutdown.history." + outcome.label(), (Gauge<Long>) () -> count));
        previous.ifPresent(report -> {
            registry.register("shutdown.previous.total_ms", (Gauge<Long>) report::totalMs);
            registry.register("shutdown.previous.unclean", (Gauge<Long>) () -> report.unclean() ? 1L : 0L);
            registry.register("shutdown.previous.exit_code",
                    (Gauge<Long>) () -> report.exitCode() == null ? -1L : report.exitCode().longValue());
            for (ShutdownOutcome outcome : ShutdownOutcome.values()) {
                final long value = report.outcome() == outcome ? 1L : 0L;
                registry.register("shutdown.previous.outcome." + outcome.label(), (Gauge<Long>) () -> value);
            }
            report.facts().forEach((fact, value) ->
                    registry.register("shutdown.previous.fact." + fact, (Gauge<Long>) () -> value));
            report.phases().forEach(phase -> registry.register(
                    "shutdown.previous.phase." + phase.name() + ".duration_ms", (Gauge<Long>) phase::durationMs));
        });
    }
}
