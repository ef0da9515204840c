package io.ledgerlens.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;

/**
 * A job unit that runs only on the instance holding the lease. Elsewhere a unit waits for leadership (or a stop),
 * so that the job starts within moments of a handover instead of after its own interval.
 *
 * <p>A job may also have a standby: what a follower runs once, before it first waits, to get ready to take over
 * (e.g. {@code LedgerIngestion.warmUp}, so that the first batch after a handover does not run on cold code). A
 * standby that fails is logged and not retried: it is an optimisation, never a condition for leading.
 */
public final class LeaderOnly implements JobUnit {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderOnly.class);
    private static final JobUnit NO_STANDBY = stop -> { };

    private final LeaseKeeper keeper;
    private final JobUnit delegate;
    private final JobUnit standby;
    private boolean standbyDone;

    public LeaderOnly(LeaseKeeper keeper, JobUnit delegate) {
        this(keeper, delegate, NO_STANDBY);
    }

    public LeaderOnly(LeaseKeeper keeper, JobUnit delegate, JobUnit standby) {
        this.keeper = Objects.requireNonNull(keeper, "keeper");
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.standby = Objects.requireNonNull(standby, "standby");
    }

    @Override
    public void run(StopToken stop) throws Exception {
        if (!standbyDone && !keeper.isLeader()) {
            standbyDone = true;
            try {
                standby.run(stop);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                LOG.warn("standby of a leader-only job failed; it will lead without it: {}", e.toString());
            }
        }
        if (keeper.awaitLeadership(stop::stopRequested) && !stop.stopRequested()) {
            keeper.unitStarted();
            try {
                delegate.run(stop);
            } finally {
                keeper.unitEnded();
            }
        }
    }

    @Override
    public void onStopRequested() {
        keeper.wakeWaiters();
        delegate.onStopRequested();
    }
}
