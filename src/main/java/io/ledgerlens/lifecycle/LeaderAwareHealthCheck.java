package io.ledgerlens.lifecycle;

import com.codahale.metrics.health.HealthCheck;

import java.time.Duration;
import java.util.Objects;

/**
 * A job's health check where the job runs on the lease holder only: on other instances the job is idle by design,
 * and on a new holder its freshness is judged once it has had {@code grace} to catch up.
 */
public final class LeaderAwareHealthCheck extends HealthCheck {
    private final LeaseKeeper keeper;
    private final HealthCheck delegate;
    private final Duration grace;

    public LeaderAwareHealthCheck(LeaseKeeper keeper, HealthCheck delegate, Duration grace) {
        this.keeper = Objects.requireNonNull(keeper, "keeper");
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.grace = Objects.requireNonNull(grace, "grace");
    }

    @Override
    protected Result check() {
        if (!keeper.isLeader()) {
            return Result.healthy("idle here: another instance holds the lease '%s'", keeper.name());
        }
        final long heldFor = keeper.heldForMs();
        if (heldFor < grace.toMillis()) {
            return Result.healthy("took the lease '%s' %d ms ago; judged after %d ms", keeper.name(), heldFor,
                    grace.toMillis());
        }
        return delegate.execute();
    }
}
