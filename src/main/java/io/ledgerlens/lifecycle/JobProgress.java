package io.ledgerlens.lifecycle;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a data job stands: its position (a cursor or checkpoint, as text), how far it is behind its source, when
 * it last succeeded and what last went wrong. Registers gauges {@code jobs.<name>.lag},
 * {@code jobs.<name>.last_success_age_seconds} and a counter-like gauge {@code jobs.<name>.failures}.
 */
public final class JobProgress {
    private final String name;
    private final Clock clock;
    private final Instant createdAt;
    private final AtomicLong failures = new AtomicLong();
    private volatile String position = "";
    private volatile long lag = -1;
    private volatile Instant lastSuccess;
    private volatile String lastError;
    private volatile Instant lastErrorAt;

    public JobProgress(String name, Clock clock, MetricRegistry metrics) {
        this.name = Objects.requireNonNull(name, "name");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.createdAt = clock.instant();
        metrics.register("jobs." + name + ".lag", (Gauge<Long>) () -> lag);
        metrics.register("jobs." + name + ".last_success_age_seconds", (Gauge<Long>) () -> sinceLastSuccess()
                .toSeconds());
        metrics.register("jobs." + name + ".failures", (Gauge<Long>) failures::get);
    }

    public String name() {
        return name;
    }

    /** A unit committed: the job is at {@code position}, {@code lag} units behind its source (-1 if unknown). */
    public void succeeded(String position, long lag) {
        this.position = Objects.requireNonNull(position, "position");
        this.lag = lag;
        this.lastSuccess = clock.instant();
    }

    /** Where the job stands after a restart, read from storage; not a success (the source was not asked yet). */
    public void resumedAt(String position) {
        this.position = Objects.requireNonNull(position, "position");
    }

    /** The job looked and found nothing new: still a success, the lag is what it measured. */
    public void caughtUp(long lag) {
        this.lag = lag;
        this.lastSuccess = clock.instant();
    }

    /** Runs one job unit; a failure is recorded here (last error, failures) and rethrown to the job runner. */
    public void track(Work work) throws Exception {
        try {
            work.run();
        } catch (Exception e) {
            failed(e);
            throw e;
        }
    }

    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    public void failed(Exception e) {
        failures.incrementAndGet();
        lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
        lastErrorAt = clock.instant();
    }

    /** How long since the last success; since creation when there was none yet. */
    public Duration sinceLastSuccess() {
        final Instant last = lastSuccess;
        return Duration.between(last == null ? createdAt : last, clock.instant());
    }

    public Snapshot snapshot() {
        return new Snapshot(name, position, lag, lastSuccess, lastError, lastErrorAt, failures.get());
    }

    public record Snapshot(String name, String position, long lag, Instant lastSuccess, String lastError,
                           Instant lastErrorAt, long failures) {
    }
}
