package io.ledgerlens.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Holds one lease for this instance: takes it when it is free, renews it every third of its time to live, and gives
 * it up at stop. Runs as a long-running background job. A holder that could not renew for a whole TTL (a long GC
 * pause, SIGSTOP, a lost database) stops calling itself leader at once, before the store says so; what it was
 * writing meanwhile is refused by the fencing token, so the lease keeps one writer even when this view is late.
 */
public final class LeaseKeeper implements JobUnit {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final LeaseStore store;
    private final String name;
    private final String holder;
    private final String runId;
    private final Duration ttl;
    private final Duration followerPoll;
    private final Ticker ticker;
    private final WakeSignal wake = new WakeSignal();
    private final Object leadership = new Object();
    private final AtomicLong acquisitions = new AtomicLong();
    private volatile long token;
    private volatile long renewedAtNanos;
    private volatile long acquiredAtNanos;
    private volatile boolean released;
    private volatile long quietUntilNanos;
    private boolean storeFailing;
    private final AtomicInteger guardedRunning = new AtomicInteger();
    private volatile Runnable afterRelease = () -> { };

    /**
     * @param followerPoll how often an instance that does not hold the lease looks whether it is free: the bound
     *                     on a handover after a release
     */
    public LeaseKeeper(LeaseStore store, String name, String holder, String runId, Duration ttl,
                       Duration followerPoll, Ticker ticker) {
        this.store = Objects.requireNonNull(store, "store");
        this.name = Objects.requireNonNull(name, "name");
        this.holder = Objects.requireNonNull(holder, "holder");
        this.runId = Objects.requireNonNull(runId, "runId");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        if (ttl == null || ttl.toMillis() < 300) {
            throw new IllegalArgumentException("lease ttl must be at least 300ms, got " + ttl);
        }
        if (followerPoll == null || followerPoll.isNegative() || followerPoll.isZero()
                || followerPoll.compareTo(ttl) >= 0) {
            throw new IllegalArgumentException("lease follower poll must be > 0 and < the ttl " + ttl + ", got "
                    + followerPoll);
        }
        this.ttl = ttl;
        this.followerPoll = followerPoll;
    }

    /**
     * Renews or looks, until a stop; then, as soon as the guarded units (see {@link LeaderOnly}) have finished, gives
     * the lease up, without waiting for the service's other jobs: the handover is what the others wait for.
     */
    @Override
    public void run(StopToken stop) throws InterruptedException {
        while (!stop.stopRequested()) {
            lookSafely();
            wake.await(token != 0 ? ttl.dividedBy(3) : followerPoll);
        }
        try {
            awaitGuardedUnits(ticker.nanos() + ttl.toNanos());
        } finally {
            release();
        }
    }

    /** Run after each release that reached the store: tells the other instances to look now. */
    public void afterRelease(Runnable listener) {
        this.afterRelease = Objects.requireNonNull(listener, "listener");
    }

    /** Another instance released the lease: look now rather than at the next poll. */
    public void lookNow() {
        wake.wake();
    }

    void unitStarted() {
        guardedRunning.incrementAndGet();
    }

    void unitEnded() {
        if (guardedRunning.decrementAndGet() == 0) {
            synchronized (leadership) {
                leadership.notifyAll();
            }
        }
    }

    private void awaitGuardedUnits(long endNanos) throws InterruptedException {
        synchronized (leadership) {
            while (guardedRunning.get() > 0) {
                final long left = endNanos - ticker.nanos();
                if (left <= 0) {
                    LOG.warn("lease {}: {} guarded unit(s) still running at release; their writes are fenced out",
                            name, guardedRunning.get());
                    return;
                }
                leadership.wait(Math.max(1, Math.min(left / 1_000_000, 100)));
            }
        }
    }

    @Override
    public void onStopRequested() {
        wake.wake();
    }

    /**
     * A store that cannot be reached (PostgreSQL restarting) is not a reason to stop looking: the next round comes
     * after the usual pause, and a holder that cannot renew stops leading when its TTL is spent (see {@link #token}).
     */
    private void lookSafely() {
        try {
            step();
            if (storeFailing) {
                storeFailing = false;
                LOG.info("lease {}: the store answers again", name);
            }
        } catch (RuntimeException e) {
            if (!storeFailing) {
                storeFailing = true;
                LOG.warn("lease {}: the store cannot be reached ({}); trying again every {}", name, e.toString(),
                        token != 0 ? ttl.dividedBy(3) : followerPoll);
            }
        }
    }

    /** One round: renew what is held, or try to take what is free. Public for tests that drive it by hand. */
    public void step() {
        if (released) {
            return;
        }
        final long held = token;
        if (held != 0) {
            if (store.renew(name, holder, held, ttl)) {
                renewedAtNanos = ticker.nanos();
            } else {
                lost(held, "the store no longer names this instance with token " + held);
            }
            return;
        }
        if (ticker.nanos() - quietUntilNanos < 0) {
            return;
        }
        final OptionalLong taken = store.tryAcquire(name, holder, runId, ttl);
        if (taken.isPresent()) {
            final long now = ticker.nanos();
            renewedAtNanos = now;
            acquiredAtNanos = now;
            acquisitions.incrementAndGet();
            setToken(taken.getAsLong());
            LOG.info("lease {} taken by {} with token {}", name, holder, taken.getAsLong());
        }
    }

    /** Releases the lease (after the jobs it guards stopped) so that another instance takes it at its next poll. */
    public PhaseStep.Result release() {
        released = true;
        final long held = token;
        setToken(0);
        if (held == 0) {
            return PhaseStep.Result.clean("lease " + name + " not held");
        }
        try {
            final boolean done = store.release(name, holder, held);
            LOG.info("lease {} released by {} (token {}): {}", name, holder, held, done ? "handed over" : "already lost");
            if (done) {
                afterRelease.run();
            }
            return PhaseStep.Result.clean("lease " + name + (done ? " released" : " was already lost"));
        } catch (RuntimeException e) {
            LOG.warn("lease {} could not be released ({}); another instance takes it when its ttl {} ends",
                    name, e.getMessage(), ttl);
            return PhaseStep.Result.clean("lease " + name + " left to expire: " + e.getMessage());
        }
    }

    /**
     * Gives the lease up now, for an operator moving the work elsewhere, and stays a follower: this instance does not
     * take it back for {@code quiet}, which leaves the others that long to take it. What this instance was writing
     * under the lease is refused from now on by the fence.
     * @return false if this instance did not hold the lease
     */
    public boolean handOver(Duration quiet) {
        synchronized (leadership) {
            final long held = token;
            if (held == 0) {
                return false;
            }
            quietUntilNanos = ticker.nanos() + quiet.toNanos();
            setToken(0);
            final boolean done = store.release(name, holder, held);
            LOG.info("lease {} handed over by {} (token {}) on request; not taken back for {}", name, holder, held,
                    quiet);
            if (done) {
                afterRelease.run();
            }
            return done;
        }
    }

    /** The lease as the store has it: the holder, its token and the time it has left. */
    public java.util.Optional<LeaseStore.State> current() {
        return store.current(name);
    }

    /** The fencing token while this instance may act as leader, else 0. */
    public long token() {
        final long held = token;
        if (held != 0 && ticker.nanos() - renewedAtNanos >= ttl.toNanos()) {
            lost(held, "not renewed for " + ttl);
            return 0;
        }
        return held;
    }

    public boolean isLeader() {
        return token() != 0;
    }

    /**
     * Waits until this instance leads or {@code cancelled} says to give up; a caller that sets its condition calls
     * {@link #wakeWaiters()}. @return whether it leads
     */
    public boolean awaitLeadership(BooleanSupplier cancelled) throws InterruptedException {
        synchronized (leadership) {
            while (!isLeader()) {
                if (cancelled.getAsBoolean()) {
                    return false;
                }
                // Timed only as a safety net: every change of token and every cancellation notifies.
                leadership.wait(1000);
            }
            return true;
        }
    }

    /** Wakes whoever waits for leadership, e.g. a guarded job asked to stop. */
    public void wakeWaiters() {
        synchronized (leadership) {
            leadership.notifyAll();
        }
    }

    public long acquisitions() {
        return acquisitions.get();
    }

    /** Milliseconds since this instance took the lease, or -1 when it does not hold it. */
    public long heldForMs() {
        return token == 0 ? -1 : (ticker.nanos() - acquiredAtNanos) / 1_000_000;
    }

    public String name() {
        return name;
    }

    public String holder() {
        return holder;
    }

    private void lost(long held, String why) {
        synchronized (leadership) {
            if (token == held) {
                setToken(0);
                LOG.warn("lease {} lost by {}: {}", name, holder, why);
            }
        }
    }

    private void setToken(long value) {
        synchronized (leadership) {
            token = value;
            leadership.notifyAll();
        }
    }
}
