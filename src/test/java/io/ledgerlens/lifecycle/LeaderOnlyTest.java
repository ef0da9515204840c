package io.ledgerlens.lifecycle;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class LeaderOnlyTest {
    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;
    private final LeaseKeeperTest.ClockedStore store = new LeaseKeeperTest.ClockedStore(ticker);
    private final List<String> calls = new ArrayList<>();

    private LeaseKeeper keeper(String holder) {
        return new LeaseKeeper(store, "singleton", holder, "run-" + holder, Duration.ofSeconds(10),
                Duration.ofMillis(250), ticker);
    }

    @Test
    void aFollowerRunsTheStandbyOnceThenTheUnitWhenItLeads() throws Exception {
        final LeaseKeeper a = keeper("a");
        final LeaseKeeper b = keeper("b");
        a.step();
        final CountDownLatch standingBy = new CountDownLatch(1);
        final LeaderOnly job = new LeaderOnly(b, stop -> calls.add("unit"), stop -> {
            calls.add("standby");
            standingBy.countDown();
        });
        final boolean[] stopped = {false};

        final Thread waiting = new Thread(() -> {
            try {
                job.run(() -> stopped[0]);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        waiting.start();
        // The handover only once b has seen itself a follower: released earlier, b would lead from the start.
        assertThat(standingBy.await(10, TimeUnit.SECONDS)).isTrue();
        a.release();
        b.step();
        waiting.join(10_000);
        assertThat(waiting.isAlive()).isFalse();
        job.run(() -> false);

        assertThat(calls).containsExactly("standby", "unit", "unit");
    }

    @Test
    void theLeaderNeverRunsTheStandby() throws Exception {
        final LeaseKeeper a = keeper("a");
        a.step();
        new LeaderOnly(a, stop -> calls.add("unit"), stop -> calls.add("standby")).run(() -> false);
        assertThat(calls).containsExactly("unit");
    }

    @Test
    void aFailingStandbyIsNotAConditionForLeading() throws Exception {
        final LeaseKeeper a = keeper("a");
        final LeaseKeeper b = keeper("b");
        a.step();
        a.release();
        new LeaderOnly(b, stop -> calls.add("unit"), stop -> {
            calls.add("standby");
            b.step(); // the lease is taken meanwhile, by the keeper's own job
            throw new IllegalStateException("source unreachable");
        }).run(() -> false);
        assertThat(calls).containsExactly("standby", "unit");
    }
}
