package io.ledgerlens.cache;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.ledgerlens.lifecycle.PhaseOutcome;
import io.ledgerlens.lifecycle.PhaseStep;
import io.ledgerlens.testsupport.RedisProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Against a real redis-server that the test kills and restarts. */
class RedisCacheTest {
    private RedisProcess redis;
    private MetricRegistry metrics;
    private RedisCache cache;

    @BeforeEach
    void start() throws Exception {
        redis = RedisProcess.start();
        metrics = new MetricRegistry();
        cache = new RedisCache(config(redis.url(), 3), metrics);
    }

    @AfterEach
    void stop() {
        cache.stop(Duration.ofSeconds(1));
        redis.close();
    }

    static RedisConfig config(String url, int pendingLimit) throws Exception {
        final String yaml = "url: " + url + "\nconnectTimeout: 300ms\nsocketTimeout: 300ms\npendingWriteLimit: "
                + pendingLimit + "\n";
        return new YamlConfigurationFactory<>(RedisConfig.class, Validators.newValidator(), Jackson.newObjectMapper(),
                "dw").build(path -> new java.io.ByteArrayInputStream(yaml.getBytes()), "redis");
    }

    private Jedis direct() {
        return new Jedis("127.0.0.1", redis.port());
    }

    @Test
    void queuedWritesAreFlushedInOrderAndReadsCountHitsAndMisses() {
        cache.enqueueSet("k", "v1", Duration.ofSeconds(60));
        cache.enqueueSet("k", "v2", Duration.ofSeconds(60));
        cache.enqueueSet("gone", "x", Duration.ofSeconds(60));
        cache.enqueueDelete("gone");
        assertThat(cache.pendingWrites()).as("limit 3: the oldest was dropped").isEqualTo(3);
        assertThat(metrics.counter("redis.pending_dropped").getCount()).isEqualTo(1);

        assertThat(cache.flushPending()).isEqualTo(3);
        try (Jedis jedis = direct()) {
            assertThat(jedis.get("k")).isEqualTo("v2");
            assertThat(jedis.exists("gone")).isFalse();
            assertThat(jedis.pttl("k")).isBetween(1L, 60_000L);
        }
        assertThat(cache.get("k")).contains("v2");
        assertThat(cache.get("missing")).isEmpty();
        assertThat(metrics.counter("redis.hits").getCount()).isEqualTo(1);
        assertThat(metrics.counter("redis.misses").getCount()).isEqualTo(1);
    }

    @Test
    void stopFlushesWhatIsPendingAndClosesThePool() {
        cache.enqueueSet("at-stop", "1", Duration.ofSeconds(60));
        final PhaseStep.Result result = cache.stop(Duration.ofSeconds(1));
        assertThat(result.outcome()).isEqualTo(PhaseOutcome.CLEAN);
        assertThat(result.facts()).containsEntry("redisUnflushedWrites", 0L);
        try (Jedis jedis = direct()) {
            assertThat(jedis.get("at-stop")).isEqualTo("1");
        }
        assertThat(cache.stop(Duration.ofSeconds(1)).outcome()).isEqualTo(PhaseOutcome.SKIPPED);
    }

    @Test
    void aDeadRedisIsAMissNotAnErrorAndStopIsCleanCountingWhatItCouldNotFlush() {
        redis.kill();
        final long start = System.nanoTime();
        assertThat(cache.get("k")).isEmpty();
        assertThat(cache.ping()).isFalse();
        assertThat(cache.isAvailable()).isFalse();
        cache.enqueueSet("k", "v", Duration.ofSeconds(60));
        assertThat(cache.flushPending()).isZero();
        assertThat(cache.pendingWrites()).as("kept for later").isEqualTo(1);

        final PhaseStep.Result result = cache.stop(Duration.ofSeconds(1));
        assertThat(result.outcome()).as("cache writes are not data: Redis is optional").isEqualTo(PhaseOutcome.CLEAN);
        assertThat(result.detail()).contains("redis unreachable; 1 queued cache writes dropped").contains("unflushed=1");
        assertThat(result.facts()).containsEntry("redisUnflushedWrites", 1L);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("bounded by the timeouts")
                .isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void reconnectsWhenRedisReturns() {
        redis.kill();
        assertThat(cache.ping()).isFalse();
        cache.enqueueSet("later", "v", Duration.ofSeconds(60));
        redis.restart();
        assertThat(cache.ping()).isTrue();
        assertThat(cache.isAvailable()).isTrue();
        assertThat(cache.flushPending()).isEqualTo(1);
        try (Jedis jedis = direct()) {
            assertThat(jedis.get("later")).isEqualTo("v");
        }
    }
}
