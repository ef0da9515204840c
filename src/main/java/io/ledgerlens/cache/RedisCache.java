package io.ledgerlens.cache;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.ledgerlens.lifecycle.PhaseStep;
import io.ledgerlens.lifecycle.StoppableResource;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.args.ExpiryOption;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Redis through one Jedis pool. Redis is an accelerator, never a dependency: every call has connect and socket
 * timeouts, a failure is counted and answered as a miss, and the pool reconnects on its own when Redis returns.
 * Writes that need not block a caller are queued and flushed by a background job and, at stop, by the redis
 * phase; what cannot be flushed by then is reported.
 */
public final class RedisCache implements StoppableResource {
    private static final Logger LOG = LoggerFactory.getLogger(RedisCache.class);

    private final JedisPool pool;
    private final String url;
    private final int pendingLimit;
    private final ConcurrentLinkedDeque<PendingWrite> pending = new ConcurrentLinkedDeque<>();
    private final AtomicInteger pendingSize = new AtomicInteger();
    private final AtomicBoolean available = new AtomicBoolean(true);
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Counter hits;
    private final Counter misses;
    private final Counter errors;
    private final Counter dropped;

    public RedisCache(RedisConfig config, MetricRegistry metrics) {
        // Only for logs and the health check: never the password a redis:// URL may carry.
        this.url = config.redactedUrl();
        this.pendingLimit = config.pendingWriteLimit();
        final GenericObjectPoolConfig<Jedis> poolConfig = new GenericObjectPoolConfig<>();
        poolConfig.setMaxTotal(config.maxConnections());
        poolConfig.setMaxIdle(config.maxConnections());
        // Borrowing must not wait longer than a call may take: a hung pool is as bad as a hung Redis.
        poolConfig.setMaxWait(config.connectTimeout());
        poolConfig.setJmxEnabled(false);
        this.pool = new JedisPool(poolConfig, URI.create(config.url()), (int) config.connectTimeout().toMillis(),
                (int) config.socketTimeout().toMillis());
        this.hits = metrics.counter("redis.hits");
        this.misses = metrics.counter("redis.misses");
        this.errors = metrics.counter("redis.errors");
        this.dropped = metrics.counter("redis.pending_dropped");
        metrics.register("redis.pending", (Gauge<Integer>) pendingSize::get);
        metrics.register("redis.available", (Gauge<Integer>) () -> available.get() ? 1 : 0);
    }

    public Optional<String> get(String key) {
        try (Jedis jedis = pool.getResource()) {
            final String value = jedis.get(key);
            markUp();
            (value == null ? misses : hits).inc();
            return Optional.ofNullable(value);
        } catch (RuntimeException e) {
            markDown(e);
            misses.inc();
            return Optional.empty();
        }
    }

    /** A hash field; any failure is a miss. */
    public Optional<String> hget(String key, String field) {
        try (Jedis jedis = pool.getResource()) {
            final String value = jedis.hget(key, field);
            markUp();
            (value == null ? misses : hits).inc();
            return Optional.ofNullable(value);
        } catch (RuntimeException e) {
            markDown(e);
            misses.inc();
            return Optional.empty();
        }
    }

    /**
     * Sets a hash field and gives the hash a TTL only if it has none (EXPIRE NX, Redis 7), so the whole hash lives
     * at most {@code ttl} after its first field: @return false if Redis failed
     */
    public boolean hsetWithTtl(String key, String field, String value, Duration ttl) {
        return call(jedis -> {
            final Pipeline pipeline = jedis.pipelined();
            pipeline.hset(key, field, value);
            pipeline.pexpire(key, Math.max(1, ttl.toMillis()), ExpiryOption.NX);
            pipeline.sync();
        });
    }

    public boolean setWithTtl(String key, String value, Duration ttl) {
        return call(jedis -> jedis.psetex(key, Math.max(1, ttl.toMillis()), value));
    }

    /** @return false if Redis failed */
    public boolean publish(String channel, String message) {
        return call(jedis -> jedis.publish(channel, message));
    }

    /** Deletes now; @return false if Redis failed (the caller may queue the delete to retry it) */
    public boolean delete(String key) {
        return call(jedis -> jedis.del(key));
    }

    private boolean call(java.util.function.Consumer<Jedis> command) {
        try (Jedis jedis = pool.getResource()) {
            command.accept(jedis);
            markUp();
            return true;
        } catch (RuntimeException e) {
            markDown(e);
            return false;
        }
    }

    /** Queues a write; the oldest queued write is dropped (and counted) past {@code pendingWriteLimit}. */
    public void enqueueSet(String key, String value, Duration ttl) {
        enqueue(new PendingWrite.Set(key, value, ttl));
    }

    public void enqueueDelete(String key) {
        enqueue(new PendingWrite.Delete(key));
    }

    private void enqueue(PendingWrite write) {
        pending.addLast(write);
        if (pendingSize.incrementAndGet() > pendingLimit && pending.pollFirst() != null) {
            pendingSize.decrementAndGet();
            dropped.inc();
        }
    }

    public int pendingWrites() {
        return pendingSize.get();
    }

    public boolean isAvailable() {
        return available.get();
    }

    public String url() {
        return url;
    }

    /** @return true if Redis answered PING */
    public boolean ping() {
        try (Jedis jedis = pool.getResource()) {
            final boolean ok = "PONG".equals(jedis.ping());
            markUp();
            return ok;
        } catch (RuntimeException e) {
            markDown(e);
            return false;
        }
    }

    /** Applies queued writes in order until none is left or Redis fails; @return how many were applied. */
    public int flushPending() {
        int flushed = 0;
        if (pending.isEmpty()) {
            return 0;
        }
        try (Jedis jedis = pool.getResource()) {
            PendingWrite write;
            while ((write = pending.peekFirst()) != null) {
                write.apply(jedis);
                if (pending.remove(write)) {
                    pendingSize.decrementAndGet();
                }
                flushed++;
            }
            markUp();
        } catch (RuntimeException e) {
            markDown(e);
        }
        return flushed;
    }

    @Override
    public PhaseStep.Result stop(Duration budget) {
        if (!stopped.compareAndSet(false, true)) {
            return PhaseStep.Result.skipped("already stopped");
        }
        final int flushed = flushPending();
        final int left = pendingSize.get();
        final String stats = "hits=" + hits.getCount() + " misses=" + misses.getCount() + " errors="
                + errors.getCount() + " flushedAtStop=" + flushed + " unflushed=" + left + " dropped="
                + dropped.getCount();
        LOG.info("redis cache statistics: {}", stats);
        pool.close();
        // Queued writes are cache entries, rebuilt on demand: dropping them is not a failed stop (Redis is optional).
        final String detail = (available.get() ? "" : "redis unreachable; ")
                + (left == 0 ? "" : left + " queued cache writes dropped (cache only, rebuilt on demand); ")
                + stats + "; pool closed";
        return PhaseStep.Result.clean(detail).with("redisUnflushedWrites", left);
    }

    private void markUp() {
        if (available.compareAndSet(false, true)) {
            LOG.info("redis at {} is reachable again; cache enabled", url);
        }
    }

    private void markDown(RuntimeException e) {
        errors.inc();
        if (available.compareAndSet(true, false)) {
            LOG.warn("redis at {} is unreachable ({}); serving without cache until it returns", url, e.toString());
        }
    }
}
