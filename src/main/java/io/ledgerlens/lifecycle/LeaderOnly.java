package io.ledgerlens.lifecycle;

import java.util.Objects;

/**
 * A job unit that runs only on the instance holding the lease. Elsewhere a unit waits for leadership (or a stop),
 * so that the job starts within moments of a handover instead of after its own interval.
 */
public final class LeaderOnly implements JobUnit {
    private final LeaseKeeper keeper;
    private final JobUnit delegate;

    public LeaderOnly(LeaseKeeper keeper, JobUnit delegate) {
        this.keeper = Objects.requireNonNull(keeper, "keeper");
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void run(StopToken stop) throws Exception {
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
