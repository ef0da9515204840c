package io.ledgerlens.cache;

import com.codahale.metrics.MetricRegistry;
import io.ledgerlens.lifecycle.BackgroundJobs;
import io.ledgerlens.lifecycle.PhaseOutcome;
import io.ledgerlens.lifecycle.Ticker;
import io.ledgerlens.testsupport.Poll;
import io.ledgerlens.testsupport.RedisProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Two instances' change feeds on one real redis-server, which one test kills and starts again. */
class ChangeFeedTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private RedisProcess redis;
    private RedisCache cacheA;
    private RedisCache cacheB;
    private final List<Optional<CacheKind>> seenByA = new CopyOnWriteArrayList<>();
    private final List<Optional<CacheKind>> seenByB = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger releasesSeenByA = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger releasesSeenByB = new java.util.concurrent.atomic.AtomicInteger();
    private final BackgroundJobs jobs = new BackgroundJobs(Ticker.SYSTEM);
    private ChangeFeed a;
    private ChangeFeed b;

    @BeforeEach
    void start() throws Exception {
        redis = RedisProcess.start();
        final RedisConfig config = RedisCacheTest.config(redis.url(), 100);
        cacheA = new RedisCache(config, new MetricRegistry());
        cacheB = new RedisCache(config, new MetricRegistry());
        a = new ChangeFeed(cacheA, config, "run-a", seenByA::add, releasesSeenByA::incrementAndGet);
        b = new ChangeFeed(cacheB, config, "run-b", seenByB::add, releasesSeenByB::incrementAndGet);
        jobs.register("feed-a", Duration.ZERO, Duration.ofSeconds(2), a);
        jobs.register("feed-b", Duration.ZERO, Duration.ofSeconds(2), b);
        jobs.start();
        Poll.until("both feeds listen", WAIT, () -> a.isSubscribed() && b.isSubscribed());
        assertThat(cacheA.ping()).isTrue();
    }

    @AfterEach
    void stop() throws Exception {
        jobs.stop(Duration.ofSeconds(3));
        cacheA.stop(Duration.ofSeconds(1));
        cacheB.stop(Duration.ofSeconds(1));
        redis.close();
    }

    @Test
    void aChangeReachesTheOtherInstanceButNotItsSender() {
        a.publish(Optional.of(CacheKind.POOLS));
        a.publish(Optional.empty());
        Poll.until("b hears both", WAIT, () -> seenByB.size() == 2);
        assertThat(seenByB).containsExactly(Optional.of(CacheKind.POOLS), Optional.empty());
        b.publish(Optional.of(CacheKind.LEDGERS));
        Poll.until("a hears b", WAIT, () -> seenByA.size() == 1);
        assertThat(seenByA).containsExactly(Optional.of(CacheKind.LEDGERS));
        assertThat(seenByB).as("b's own message is not handed back").hasSize(2);
    }

    @Test
    void aReleasedLeaseIsAnnouncedToTheOthers() {
        a.publishLeaseReleased();
        Poll.until("b hears of the release", WAIT, () -> releasesSeenByB.get() == 1);
        assertThat(seenByB).as("not a data change").isEmpty();
        assertThat(releasesSeenByA).hasValue(0);
    }

    @Test
    void theFeedListensAgainAfterRedisComesBack() {
        redis.kill();
        Poll.until("b notices the loss", WAIT, () -> !b.isSubscribed());
        redis.restart();
        Poll.until("b listens again", WAIT, b::isSubscribed);
        Poll.until("a's pool sees redis again", WAIT, cacheA::ping);
        a.publish(Optional.of(CacheKind.ASSETS));
        Poll.until("b hears a", WAIT, () -> seenByB.contains(Optional.of(CacheKind.ASSETS)));
    }

    @Test
    void aStopEndsTheSubscriptionEvenWhenRedisHangs() throws Exception {
        redis.pause();
        try {
            final var result = jobs.stop(Duration.ofSeconds(3));
            assertThat(result.outcome()).as(result.detail()).isEqualTo(PhaseOutcome.CLEAN);
            assertThat(b.isSubscribed()).isFalse();
        } finally {
            redis.resume();
        }
    }

    @Test
    void aStopEndsTheSubscriptionWithinItsBudget() throws Exception {
        assertThat(jobs.stop(Duration.ofSeconds(3)).outcome()).isEqualTo(PhaseOutcome.CLEAN);
        assertThat(a.isSubscribed()).isFalse();
    }
}
