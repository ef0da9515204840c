package io.ledgerlens.cache;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.ledgerlens.lifecycle.Ticker;
import io.ledgerlens.testsupport.RedisProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The read cache's in-process copies, in front of a real redis-server that some tests kill. */
class ReadCacheTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Ticker ticker = now::get;
    private final MetricRegistry metrics = new MetricRegistry();
    private RedisProcess redis;
    private RedisCache redisCache;

    @BeforeEach
    void start() throws Exception {
        redis = RedisProcess.start();
        redisCache = new RedisCache(RedisCacheTest.config(redis.url(), 100), new MetricRegistry());
    }

    @AfterEach
    void stop() {
        redisCache.stop(Duration.ofSeconds(1));
        redis.close();
    }

    private ReadCache cache(String localMaxSize, String localTtl) throws Exception {
        final String yaml = "localMaxSize: " + localMaxSize + "\nlocalTtl: " + localTtl + "\nskipAfterError: 1h\n";
        final CacheConfig config = new YamlConfigurationFactory<>(CacheConfig.class, Validators.newValidator(),
                Jackson.newObjectMapper(), "dw").build(path -> new ByteArrayInputStream(yaml.getBytes()), "cache");
        return new ReadCache(redisCache, config, ticker, metrics);
    }

    private static Supplier<Optional<String>> counting(AtomicInteger loads, String body) {
        return () -> {
            loads.incrementAndGet();
            return Optional.of(body);
        };
    }

    private long localHits(CacheKind kind) {
        return metrics.counter("cache." + kind.label() + ".local_hits").getCount();
    }

    @Test
    void aSecondReadIsServedInProcessWithoutRedisOrTheLoader() throws Exception {
        final ReadCache cache = cache("1MiB", "5s");
        final AtomicInteger loads = new AtomicInteger();
        assertThat(cache.get(CacheKind.LEDGERS, "latest", counting(loads, "{\"sequence\":1}"))).contains("{\"sequence\":1}");
        redis.kill();

        assertThat(cache.get(CacheKind.LEDGERS, "latest", counting(loads, "other"))).contains("{\"sequence\":1}");
        assertThat(loads).hasValue(1);
        assertThat(localHits(CacheKind.LEDGERS)).isEqualTo(1);
    }

    @Test
    void aRedisHitIsKeptInProcessToo() throws Exception {
        final ReadCache first = cache("1MiB", "5s");
        first.get(CacheKind.LEDGER, "ledger:7", counting(new AtomicInteger(), "{\"sequence\":7}"));
        final ReadCache second = cache("1MiB", "5s");   // another process's view: its own copies, the same Redis
        final AtomicInteger loads = new AtomicInteger();

        assertThat(second.get(CacheKind.LEDGER, "ledger:7", counting(loads, "x"))).contains("{\"sequence\":7}");
        redis.kill();
        assertThat(second.get(CacheKind.LEDGER, "ledger:7", counting(loads, "x"))).contains("{\"sequence\":7}");
        assertThat(loads).as("from Redis, then from the process").hasValue(0);
    }

    @Test
    void aChangeDropsTheCopiesOfItsKindAndNoOther() throws Exception {
        final ReadCache cache = cache("1MiB", "5s");
        final AtomicInteger ledgers = new AtomicInteger();
        final AtomicInteger ledger = new AtomicInteger();
        cache.get(CacheKind.LEDGERS, "latest", counting(ledgers, "old"));
        cache.get(CacheKind.LEDGER, "ledger:1", counting(ledger, "one"));

        cache.changed(CacheKind.LEDGERS);

        assertThat(cache.get(CacheKind.LEDGERS, "latest", counting(ledgers, "new"))).contains("new");
        assertThat(cache.get(CacheKind.LEDGER, "ledger:1", counting(ledger, "x"))).contains("one");
        assertThat(ledgers).hasValue(2);
        assertThat(ledger).hasValue(1);
    }

    @Test
    void aBodyLoadedWhileItsKindChangedIsNotKept() throws Exception {
        redis.kill();   // the loader's body then goes nowhere but the process's copy
        final ReadCache cache = cache("1MiB", "5s");
        final AtomicInteger loads = new AtomicInteger();
        final Supplier<Optional<String>> racing = () -> {
            loads.incrementAndGet();
            cache.changed(CacheKind.LEDGERS);   // a commit lands while the body is read from SQLite
            return Optional.of("read before the commit");
        };

        cache.get(CacheKind.LEDGERS, "latest", racing);
        assertThat(cache.get(CacheKind.LEDGERS, "latest", counting(loads, "fresh"))).contains("fresh");
        assertThat(loads).hasValue(2);
        assertThat(cache.get(CacheKind.LEDGERS, "latest", counting(loads, "x"))).contains("fresh");
        assertThat(loads).hasValue(2);
    }

    @Test
    void aCopyLastsItsLocalTtlAndNeverLongerThanItsKindsTtl() throws Exception {
        redis.kill();
        final ReadCache cache = cache("1MiB", "10s");   // ledgersTtl is 5s: the shorter one wins
        final AtomicInteger loads = new AtomicInteger();
        cache.get(CacheKind.LEDGERS, "latest", counting(loads, "a"));

        now.addAndGet(Duration.ofMillis(4_999).toNanos());
        cache.get(CacheKind.LEDGERS, "latest", counting(loads, "b"));
        assertThat(loads).as("within 5 s").hasValue(1);

        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(cache.get(CacheKind.LEDGERS, "latest", counting(loads, "b"))).contains("b");
        assertThat(loads).as("at 5 s").hasValue(2);
    }

    @Test
    void theSizeBoundKeepsNoBodyLargerThanIt() throws Exception {
        redis.kill();
        final ReadCache cache = cache("4KiB", "5s");
        final AtomicInteger loads = new AtomicInteger();
        final String large = "x".repeat(4096);
        cache.get(CacheKind.LEDGER, "large", counting(loads, large));
        cache.get(CacheKind.LEDGER, "large", counting(loads, large));
        assertThat(loads).as("8 KiB of chars is over a 4 KiB bound").hasValue(2);

        cache.get(CacheKind.LEDGER, "small", counting(loads, "{}"));
        cache.get(CacheKind.LEDGER, "small", counting(loads, "{}"));
        assertThat(loads).hasValue(3);
    }

    @Test
    void zeroSizeOrZeroTtlTurnsTheCopiesOff() throws Exception {
        redis.kill();
        for (String[] settings : new String[][] {{"0B", "5s"}, {"1MiB", "0s"}}) {
            final ReadCache cache = cache(settings[0], settings[1]);
            final AtomicInteger loads = new AtomicInteger();
            cache.get(CacheKind.LEDGER, "ledger:1", counting(loads, "one"));
            cache.get(CacheKind.LEDGER, "ledger:1", counting(loads, "one"));
            assertThat(loads).as("localMaxSize %s, localTtl %s", settings[0], settings[1]).hasValue(2);
        }
    }
}
