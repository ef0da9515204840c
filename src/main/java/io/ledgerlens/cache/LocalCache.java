package io.ledgerlens.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.ledgerlens.lifecycle.Ticker;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-process copy of hot response bodies, in front of Redis: a hit costs a map lookup instead of a Redis round
 * trip (which, with Redis on the same cores, halved the throughput of a cached GET; bench/README.md). Bounded by
 * the bodies' size, each entry kept at most {@code ttl} (and never longer than its kind's TTL). A kind's entries go
 * when it changes; a body loaded while its kind changed is not kept, since it may predate the change.
 */
final class LocalCache {
    /** Read before loading; a body is kept only if its kind's generation is still the same. */
    record Generation(CacheKind kind, long value) {
    }

    private record Key(CacheKind kind, String request) {
    }

    private final Cache<Key, String> bodies;
    private final Map<CacheKind, AtomicLong> generations = new EnumMap<>(CacheKind.class);
    private final boolean enabled;

    LocalCache(CacheConfig config, Ticker ticker) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(ticker, "ticker");
        final long maxBytes = config.localMaxBytes();
        final Duration ttl = config.localTtl();
        if (maxBytes < 0) {
            throw new IllegalArgumentException("cache.localMaxSize must be >= 0, got " + maxBytes + " bytes");
        }
        this.enabled = maxBytes > 0 && !ttl.isZero();
        for (CacheKind kind : CacheKind.values()) {
            generations.put(kind, new AtomicLong());
        }
        this.bodies = Caffeine.newBuilder()
                .maximumWeight(Math.max(1, maxBytes))
                // A String of n chars holds at most 2n bytes; keys are short.
                .weigher((Key k, String body) -> 2 * (body.length() + k.request().length()) + 64)
                .expireAfter(new Expiry<Key, String>() {
                    @Override
                    public long expireAfterCreate(Key key, String body, long now) {
                        return Math.min(ttl.toNanos(), config.ttl(key.kind()).toNanos());
                    }

                    @Override
                    public long expireAfterUpdate(Key key, String body, long now, long remaining) {
                        return expireAfterCreate(key, body, now);
                    }

                    @Override
                    public long expireAfterRead(Key key, String body, long now, long remaining) {
                        return remaining;
                    }
                })
                .ticker(ticker::nanos)
                .executor(Runnable::run)
                .build();
    }

    Optional<String> get(CacheKind kind, String request) {
        return enabled ? Optional.ofNullable(bodies.getIfPresent(new Key(kind, request))) : Optional.empty();
    }

    Generation generation(CacheKind kind) {
        return new Generation(kind, generations.get(kind).get());
    }

    /** Keeps {@code body} unless its kind changed since {@code before} was read. */
    void put(Generation before, String request, String body) {
        if (!enabled) {
            return;
        }
        final Key key = new Key(before.kind(), request);
        bodies.put(key, body);
        // Checked after the put: a change that ran in between either bumped the generation first (seen here) or
        // clears the entry itself.
        if (generations.get(before.kind()).get() != before.value()) {
            bodies.asMap().remove(key, body);
        }
    }

    void changed(CacheKind kind) {
        generations.get(kind).incrementAndGet();
        bodies.asMap().keySet().removeIf(k -> k.kind() == kind);
    }
}
