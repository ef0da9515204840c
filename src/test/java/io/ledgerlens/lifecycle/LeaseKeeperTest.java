package io.ledgerlens.lifecycle;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The keeper's view of leadership against a store whose clock the test moves. */
class LeaseKeeperTest {
    private static final Duration TTL = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(250);

    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;
    private final ClockedStore store = new ClockedStore(ticker);

    private LeaseKeeper keeper(String holder) {
        return new LeaseKeeper(store, "singleton", holder, "run-" + holder, TTL, POLL, ticker);
    }

    @Test
    void oneInstanceLeadsAndTheOtherTakesOverAtItsNextStepAfterARelease() {
        final LeaseKeeper a = keeper("a");
        final LeaseKeeper b = keeper("b");
        a.step();
        b.step();
        assertThat(a.token()).isEqualTo(1);
        assertThat(b.isLeader()).isFalse();

        assertThat(a.release().detail()).contains("released");
        assertThat(a.isLeader()).isFalse();
        b.step();
        assertThat(b.token()).isEqualTo(2);
        a.step();
        assertThat(a.isLeader()).as("a released keeper never takes the lease again").isFalse();
    }

    @Test
    void aHolderThatCouldNotRenewForAWholeTtlStopsLeadingAtThatInstant() {
        final LeaseKeeper a = keeper("a");
        a.step();
        nanos.addAndGet(TTL.toNanos() - 1);
        assertThat(a.token()).isEqualTo(1);
        nanos.addAndGet(1);
        assertThat(a.token()).as("paused for a whole ttl").isZero();
    }

    @Test
    void aRenewalKeepsTheLeaseAndAFailedOneLosesIt() {
        final LeaseKeeper a = keeper("a");
        final LeaseKeeper b = keeper("b");
        a.step();
        nanos.addAndGet(TTL.toNanos() / 2);
        a.step();
        nanos.addAndGet(TTL.toNanos() / 2 + 1);
        b.step();
        assertThat(a.isLeader()).as("renewed half-way").isTrue();
        assertThat(b.isLeader()).isFalse();

        nanos.addAndGet(TTL.toNanos());
        b.step();
        assertThat(b.token()).as("a stopped renewing; b takes the expired lease").isEqualTo(2);
        a.step();
        assertThat(a.isLeader()).isFalse();
        assertThat(a.acquisitions()).isEqualTo(1);
        assertThat(b.acquisitions()).isEqualTo(1);
    }

    @Test
    void aWaiterWakesWhenLeadershipComes() throws Exception {
        final LeaseKeeper a = keeper("a");
        final CountDownLatch led = new CountDownLatch(1);
        final Thread waiter = new Thread(() -> {
            try {
                if (a.awaitLeadership(() -> false)) {
                    led.countDown();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        a.step();
        assertThat(led.await(10, TimeUnit.SECONDS)).isTrue();
        waiter.join();
    }

    @Test
    void aGuardedUnitRunsOnlyOnTheLeaderAndAWaitingOneEndsAtAStop() throws Exception {
        final LeaseKeeper a = keeper("a");
        final AtomicLong runs = new AtomicLong();
        final LeaderOnly guarded = new LeaderOnly(a, stop -> runs.incrementAndGet());
        final AtomicBoolean stopRequested = new AtomicBoolean();
        final CountDownLatch returned = new CountDownLatch(1);
        final Thread follower = new Thread(() -> {
            try {
                guarded.run(stopRequested::get);
                returned.countDown();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        follower.start();
        assertThat(returned.await(100, TimeUnit.MILLISECONDS)).as("waits while another leads").isFalse();
        stopRequested.set(true);
        guarded.onStopRequested();
        assertThat(returned.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(runs).hasValue(0);

        a.step();
        guarded.run(() -> false);
        assertThat(runs).hasValue(1);
    }

    @Test
    void aHandOverOnRequestLetsAnotherTakeTheLeaseAndKeepsTheFormerHolderAwayForItsQuietTime() {
        final LeaseKeeper a = keeper("a");
        final LeaseKeeper b = keeper("b");
        a.step();
        assertThat(b.handOver(TTL)).as("b holds nothing to hand over").isFalse();
        assertThat(a.handOver(TTL)).isTrue();
        assertThat(a.isLeader()).isFalse();
        a.step();
        assertThat(a.isLeader()).as("a does not take it back at once").isFalse();
        b.step();
        assertThat(b.token()).isEqualTo(2);

        assertThat(b.handOver(Duration.ofSeconds(1))).isTrue();
        nanos.addAndGet(TTL.toNanos());
        a.step();
        assertThat(a.token()).as("after its quiet time a may lead again").isEqualTo(3);
    }

    @Test
    void atStopTheKeeperReleasesAsSoonAsTheGuardedUnitsHaveFinishedAndTellsTheOthers() throws Exception {
        final LeaseKeeper a = keeper("a");
        final AtomicLong announced = new AtomicLong();
        a.afterRelease(announced::incrementAndGet);
        final CountDownLatch unitRunning = new CountDownLatch(1);
        final CountDownLatch finishUnit = new CountDownLatch(1);
        final LeaderOnly guarded = new LeaderOnly(a, stop -> {
            unitRunning.countDown();
            finishUnit.await();
        });
        final BackgroundJobs jobs = new BackgroundJobs(ticker);
        jobs.register("leadership", Duration.ZERO, Duration.ofSeconds(10), a);
        jobs.register("guarded", Duration.ofMillis(10), Duration.ofSeconds(10), guarded);
        jobs.start();
        assertThat(unitRunning.await(10, TimeUnit.SECONDS)).isTrue();

        final Thread stopping = new Thread(() -> {
            try {
                jobs.stop(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stopping.start();
        assertThat(stopping.isAlive()).isTrue();
        assertThat(store.current("singleton").orElseThrow().holder()).as("the unit still runs").isEqualTo("a");
        finishUnit.countDown();
        stopping.join(10_000);
        assertThat(store.current("singleton").orElseThrow().holder()).isNull();
        assertThat(announced).hasValue(1);
    }

    @Test
    void anUnreachableStoreDoesNotEndTheKeepersJobAndLeadershipComesWhenItAnswers() throws Exception {
        final LeaseKeeper a = keeper("a");
        store.acquireFailures.set(3);
        final BackgroundJobs jobs = new BackgroundJobs(ticker);
        jobs.register("leadership", Duration.ZERO, Duration.ofSeconds(5), a);
        jobs.start();
        try {
            assertThat(a.awaitLeadership(() -> false)).isTrue();
            assertThat(store.acquireFailures).hasValue(0);
            assertThat(jobs.status().get(0).errors()).as("failures handled inside the keeper").isZero();
        } finally {
            jobs.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void aReleaseThatFailsLeavesTheLeaseToExpireAndIsStillClean() {
        final LeaseKeeper a = keeper("a");
        a.step();
        store.failing.set(true);
        final PhaseStep.Result result = a.release();
        assertThat(result.outcome()).isEqualTo(PhaseOutcome.CLEAN);
        assertThat(result.detail()).contains("left to expire");
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> new LeaseKeeper(store, "s", "a", "run-a", Duration.ofMillis(299), POLL, ticker))
                .hasMessageContaining("ttl must be at least 300ms");
        assertThatThrownBy(() -> new LeaseKeeper(store, "s", "a", "run-a", TTL, TTL, ticker))
                .hasMessageContaining("follower poll must be > 0 and < the ttl");
    }

    /** A lease store with the semantics of the SQL one, on the test's ticker. */
    static final class ClockedStore implements LeaseStore {
        private final Ticker ticker;
        private final Map<String, State> leases = new HashMap<>();
        final AtomicBoolean failing = new AtomicBoolean();
        final java.util.concurrent.atomic.AtomicInteger acquireFailures = new java.util.concurrent.atomic.AtomicInteger();

        ClockedStore(Ticker ticker) {
            this.ticker = ticker;
        }

        private long now() {
            return ticker.nanos() / 1_000_000;
        }

        @Override
        public synchronized OptionalLong tryAcquire(String name, String holder, String runId, Duration ttl) {
            if (acquireFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("connection refused");
            }
            final State s = leases.get(name);
            if (s != null && s.holder() != null && s.expiresAtMs() >= now()) {
                return OptionalLong.empty();
            }
            final long token = s == null ? 1 : s.token() + 1;
            leases.put(name, new State(name, holder, token, now(), now() + ttl.toMillis(), ttl.toMillis()));
            return OptionalLong.of(token);
        }

        @Override
        public synchronized boolean renew(String name, String holder, long token, Duration ttl) {
            final State s = leases.get(name);
            if (s == null || !holder.equals(s.holder()) || s.token() != token) {
                return false;
            }
            leases.put(name, new State(name, holder, token, s.acquiredAtMs(), now() + ttl.toMillis(), ttl.toMillis()));
            return true;
        }

        @Override
        public synchronized boolean release(String name, String holder, long token) {
            if (failing.get()) {
                throw new IllegalStateException("database unreachable");
            }
            final State s = leases.get(name);
            if (s == null || !holder.equals(s.holder()) || s.token() != token) {
                return false;
            }
            leases.put(name, new State(name, null, token, s.acquiredAtMs(), 0, -now()));
            return true;
        }

        @Override
        public synchronized Optional<State> current(String name) {
            return Optional.ofNullable(leases.get(name));
        }
    }
}
