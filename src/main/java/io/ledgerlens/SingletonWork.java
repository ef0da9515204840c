package io.ledgerlens;

import com.codahale.metrics.MetricRegistry;
import io.ledgerlens.db.Database;
import io.ledgerlens.db.SqlLeaseStore;
import io.ledgerlens.db.WriteFence;
import io.ledgerlens.lifecycle.BackgroundJobs;
import io.ledgerlens.lifecycle.LeadershipConfig;
import io.ledgerlens.lifecycle.LeaseKeeper;
import io.ledgerlens.lifecycle.PhaseStep;
import io.ledgerlens.lifecycle.Ticker;

import java.time.Duration;

/**
 * The work one instance does at a time (ingestion, the sync jobs, webhook fan-out and pruning) runs on the holder of
 * the {@value #LEASE} lease, and writes through {@link #database()}, whose transactions check the lease's fencing
 * token. Metrics: {@code leadership.leader} (1/0), {@code leadership.acquisitions}, {@code leadership.held_ms}.
 */
record SingletonWork(LeaseKeeper keeper, Database database) {
    static final String LEASE = "singleton";

    static SingletonWork register(LeadershipConfig config, Database database, String instanceId, String runId,
                                  BackgroundJobs jobs, Duration stopBudget, Ticker ticker, MetricRegistry metrics) {
        final LeaseKeeper keeper = new LeaseKeeper(new SqlLeaseStore(database.jdbi(), database.dialect()), LEASE,
                instanceId, runId, config.ttl(), config.followerPoll(), ticker);
        jobs.register("leadership", Duration.ZERO, stopBudget, keeper);
        metrics.gauge("leadership.leader", () -> () -> keeper.isLeader() ? 1 : 0);
        metrics.gauge("leadership.acquisitions", () -> keeper::acquisitions);
        metrics.gauge("leadership.held_ms", () -> keeper::heldForMs);
        return new SingletonWork(keeper, database.fenced(WriteFence.ofLease(LEASE, keeper::token, database.dialect())));
    }

    /** The background phase: the jobs finish their unit, then the lease is handed over, so that nothing it guards
     *  is still running when another instance takes it. */
    PhaseStep.Result stopThenRelease(BackgroundJobs jobs, Duration budget) throws InterruptedException {
        final PhaseStep.Result stopped = jobs.stop(budget);
        final PhaseStep.Result released = keeper.release();
        return new PhaseStep.Result(stopped.outcome(), stopped.detail() + "; " + released.detail(), stopped.facts());
    }
}
