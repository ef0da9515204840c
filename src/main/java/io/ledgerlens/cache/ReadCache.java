package io.ledgerlens.cache;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.ledgerlens.lifecycle.Ticker;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Cache-aside for the REST API: a response body is looked up in this process's {@link LocalCache}, then in Redis,
 * loaded from SQLite on a miss and stored in both with its kind's TTL. Redis is never in the way: any failure is a miss, the response still comes from SQLite,
 * and after a failure Redis is skipped for a short window. Only successful bodies are cached; the loader returns
 * empty for "not found", which is never cached.
 */
public final class ReadCache {
    private final RedisCache redis;
    private final CacheConfig config;
    private final ErrorBreaker breaker;
    private final LocalCache local;
    private final Map<CacheKind, Counter[]> counters = new EnumMap<>(CacheKind.class);

    public ReadCache(RedisCache redis, CacheConfig config, Ticker ticker, MetricRegistry metrics) {
        this.redis = redis;
        this.config = config;
        this.breaker = new ErrorBreaker(ticker, config.skipAfterError());
        this.local = new LocalCache(config, ticker);
        for (CacheKind kind : CacheKind.values()) {
            counters.put(kind, new Counter[] {
                metrics.counter("cache." + kind.label() + ".hits"),
                metrics.counter("cache." + kind.label() + ".misses"),
                metrics.counter("cache." + kind.label() + ".errors"),
                metrics.counter("cache." + kind.label() + ".local_hits")});
        }
    }

    /** @param request the canonical request (path and normalized query) that identifies the body */
    public Optional<String> get(CacheKind kind, String request, Supplier<Optional<String>> loader) {
        if (!config.enabled()) {
            return loader.get();
        }
        final Counter[] c = counters.get(kind);
        final Optional<String> copy = local.get(kind, request);
        if (copy.isPresent()) {
            c[3].inc();
            return copy;
        }
        final LocalCache.Generation generation = local.generation(kind);
        if (breaker.allows()) {
            final boolean wasAvailable = redis.isAvailable();
            final Optional<String> cached = kind.mutable() ? redis.hget(kind.hashKey(), request)
                    : redis.get(kind.key(request));
            if (cached.isPresent()) {
                breaker.succeeded();
                c[0].inc();
                local.put(generation, request, cached.get());
                return cached;
            }
            if (!redis.isAvailable()) {
                breaker.failed();
                c[2].inc();
            } else if (!wasAvailable) {
                breaker.succeeded();
            }
        }
        c[1].inc();
        final Optional<String> loaded = loader.get();
        loaded.ifPresent(body -> local.put(generation, request, body));
        if (loaded.isPresent() && breaker.allows()) {
            final boolean stored = kind.mutable()
                    ? redis.hsetWithTtl(kind.hashKey(), request, loaded.get(), config.ttl(kind))
                    : redis.setWithTtl(kind.key(request), loaded.get(), config.ttl(kind));
            if (!stored) {
                breaker.failed();
                c[2].inc();
            }
        }
        return loaded;
    }

    /** Another instance changed {@code kind} and dropped it from Redis: only the copies in this process go. */
    public void changedElsewhere(CacheKind kind) {
        if (kind.mutable() && config.enabled()) {
            local.changed(kind);
        }
    }

    /**
     * Drops every cached response of a mutable kind; called after each commit that changes it. If Redis fails,
     * the delete is queued and retried by the flush job, and the kind's TTL bounds the staleness meanwhile.
     */
    public void changed(CacheKind kind) {
        if (!kind.mutable()) {
            throw new IllegalArgumentException(kind + " is immutable: it is never invalidated");
        }
        if (!config.enabled()) {
            return;
        }
        local.changed(kind);
        if (!breaker.allows() || !redis.delete(kind.hashKey())) {
            redis.enqueueDelete(kind.hashKey());
        }
    }
}
