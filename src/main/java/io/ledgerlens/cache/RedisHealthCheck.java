package io.ledgerlens.cache;

import com.codahale.metrics.health.HealthCheck;

/**
 * Admin-port health of Redis. Unhealthy means degraded, not down: the service serves without its cache, and
 * readiness is not affected.
 */
public final class RedisHealthCheck extends HealthCheck {
    private final RedisCache cache;

    public RedisHealthCheck(RedisCache cache) {
        this.cache = cache;
    }

    @Override
    protected Result check() {
        return cache.ping()
                ? Result.healthy("reachable at %s; %d pending writes", cache.url(), cache.pendingWrites())
                : Result.unhealthy("unreachable at %s: degraded, serving without cache; %d pending writes",
                        cache.url(), cache.pendingWrites());
    }
}
