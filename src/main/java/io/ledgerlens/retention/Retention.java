package io.ledgerlens.retention;

import com.codahale.metrics.MetricRegistry;
import io.ledgerlens.db.Database;
import io.ledgerlens.lifecycle.BackgroundJobs;
import io.ledgerlens.lifecycle.LeaderOnly;
import io.ledgerlens.lifecycle.LeaseKeeper;
import io.ledgerlens.lifecycle.Sleeper;
import io.ledgerlens.lifecycle.Ticker;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Registers the {@code retention} job: singleton work, on the lease holder only, through the fenced database. */
public final class Retention {
    public static final String JOB = "retention";

    private Retention() {
    }

    /**
     * @param keepEvents newest events always kept ({@code websocket.maxReplay})
     * @param webhooks   whether the webhook fan-out runs (its cursor then bounds what events may go)
     * @return the job, registered only when {@code retention.enabled}
     */
    public static RetentionJob register(RetentionConfig config, BackgroundJobs jobs, LeaseKeeper leader,
                                        Database fenced, long keepEvents, boolean webhooks, Duration stopBudget,
                                        Clock clock, Ticker ticker, MetricRegistry metrics) {
        final RetentionJob job = new RetentionJob(fenced, rules(config, keepEvents, webhooks), config.batchSize(),
                config.pause(), clock, ticker, Sleeper.SYSTEM, metrics);
        if (config.enabled()) {
            jobs.register(JOB, config.interval(), stopBudget, new LeaderOnly(leader, job));
        }
        return job;
    }

    static List<RetentionJob.Rule> rules(RetentionConfig config, long keepEvents, boolean webhooks) {
        return List.of(
                new RetentionJob.Rule(new LedgerSweep(), config.ledgers()),
                new RetentionJob.Rule(new EventSweep(keepEvents, webhooks), config.events()),
                new RetentionJob.Rule(TimeKeyedSweep.poolSnapshots(), config.snapshots()),
                new RetentionJob.Rule(TimeKeyedSweep.assetSnapshots(), config.snapshots()),
                new RetentionJob.Rule(TimeKeyedSweep.corridorHours(), config.corridorHours()));
    }
}
