package io.ledgerlens.cache;

import redis.clients.jedis.Jedis;

import java.time.Duration;

/** A write queued for Redis: applied by the flusher, and at stop. */
sealed interface PendingWrite {
    void apply(Jedis jedis);

    record Set(String key, String value, Duration ttl) implements PendingWrite {
        @Override
        public void apply(Jedis jedis) {
            jedis.psetex(key, Math.max(1, ttl.toMillis()), value);
        }
    }

    record Delete(String key) implements PendingWrite {
        @Override
        public void apply(Jedis jedis) {
            jedis.del(key);
        }
    }
}
