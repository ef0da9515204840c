package io.ledgerlens.lifecycle;

import com.codahale.metrics.health.HealthCheck;

import java.time.Duration;
import java.util.Objects;

/**
 * Unhealthy when a job has fallen behind: more than {@code maxLag} units behind its source, or no success for
 * longer than {@code maxSilence}. It is an admin health check, not readiness: a lagging job is a reason to page
 * someone, not to take the node out of the load balancer, since its API still serves what is stored.
 */
public final class JobFreshnessHealthCheck extends HealthCheck {
    private final JobProgress progress;
    private final long maxLag;
    private final Duration maxSilence;

    /** @param maxLag the largest acceptable lag; negative means the lag is not checked */
    public JobFreshnessHealthCheck(JobProgress progress, long maxLag, Duration maxSilence) {
        this.progress = Objects.requireNonNull(progress, "progress");
        if (maxSilence == null || maxSilence.isNegative() || maxSilence.isZero()) {
            throw new IllegalArgumentException("maxSilence must be > 0, got " + maxSilence);
        }
        this.maxLag = maxLag;
        this.maxSilence = maxSilence;
    }

    @Override
    protected Result check() {
        final JobProgress.Snapshot s = progress.snapshot();
        final Duration silence = progress.sinceLastSuccess();
        if (silence.compareTo(maxSilence) > 0) {
            return Result.unhealthy("%s has not succeeded for %d s (limit %d s); last error: %s", s.name(),
                    silence.toSeconds(), maxSilence.toSeconds(), s.lastError());
        }
        if (maxLag >= 0 && s.lag() > maxLag) {
            return Result.unhealthy("%s is %d behind its source (limit %d); position %s", s.name(), s.lag(), maxLag,
                    s.position());
        }
        final String at = s.position().isEmpty() ? "has nothing stored yet" : "at " + s.position();
        final String lag = s.lag() < 0 ? "lag unknown until the source answers" : "lag " + s.lag();
        return Result.healthy("%s %s, %s", s.name(), at, lag);
    }
}
