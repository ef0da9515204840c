package io.ledgerlens;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheckRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlens.cache.CacheKind;
import io.ledgerlens.db.Database;
import io.ledgerlens.ingest.AssetStats;
import io.ledgerlens.ingest.IngestConfig;
import io.ledgerlens.ingest.LedgerIngestion;
import io.ledgerlens.ingest.LiquidityPool;
import io.ledgerlens.ingest.StellarSource;
import io.ledgerlens.lifecycle.BackgroundJobs;
import io.ledgerlens.lifecycle.JobFreshnessHealthCheck;
import io.ledgerlens.lifecycle.JobProgress;
import io.ledgerlens.lifecycle.LeaderAwareHealthCheck;
import io.ledgerlens.lifecycle.LeaderOnly;
import io.ledgerlens.lifecycle.LeaseKeeper;
import io.ledgerlens.sync.AssetWrites;
import io.ledgerlens.sync.CorridorSync;
import io.ledgerlens.sync.PoolWrites;
import io.ledgerlens.sync.SnapshotSync;
import io.ledgerlens.sync.SyncConfig;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The four Stellar data jobs, registered as background jobs of the shutdown sequence that run on the lease holder
 * only ({@code database} is the fenced one), each with its progress
 * gauges and a freshness health check ({@code ingest-ledgers}, {@code sync-corridors}, {@code sync-pools},
 * {@code sync-trustlines}).
 */
final class StellarJobs {
    private StellarJobs() {
    }

    static List<JobProgress> register(BackgroundJobs jobs, LeaseKeeper leader, StellarSource source, Database database,
                                      IngestConfig ingest, SyncConfig sync, Duration stopBudget,
                                      Consumer<CacheKind> invalidation, ObjectMapper json, Clock clock,
                                      MetricRegistry metrics, HealthCheckRegistry health) {
        final List<JobProgress> all = new ArrayList<>();

        final JobProgress ledgers = progress("ingest-ledgers", clock, metrics, all);
        final LedgerIngestion ingestion = new LedgerIngestion(source, database, ingest, ledgers,
                () -> invalidation.accept(CacheKind.LEDGERS), json, clock);
        ingestion.loadPosition();
        jobs.register(ledgers.name(), ingest.pollInterval(), stopBudget, new LeaderOnly(leader, ingestion, ingestion::warmUp));
        health.register(ledgers.name(), new LeaderAwareHealthCheck(leader, new JobFreshnessHealthCheck(ledgers,
                ingest.maxLagLedgers(), ingest.maxSilence()), ingest.maxSilence()));

        final JobProgress corridors = progress("sync-corridors", clock, metrics, all);
        jobs.register(corridors.name(), sync.corridors().interval(), stopBudget, new LeaderOnly(leader, new CorridorSync(database,
                sync.corridors().batch(), corridors, () -> invalidation.accept(CacheKind.CORRIDORS), json, clock)));
        health.register(corridors.name(), new LeaderAwareHealthCheck(leader, new JobFreshnessHealthCheck(corridors, -1,
                sync.corridors().maxSilence()), sync.corridors().maxSilence()));

        final JobProgress pools = progress("sync-pools", clock, metrics, all);
        jobs.register(pools.name(), sync.pools().interval(), stopBudget, new LeaderOnly(leader, new SnapshotSync<LiquidityPool>(
                "sync.pools", source::pools, new PoolWrites(json), sync.pools().batch(), database, pools,
                () -> invalidation.accept(CacheKind.POOLS), clock)));
        health.register(pools.name(), new LeaderAwareHealthCheck(leader, new JobFreshnessHealthCheck(pools, -1,
                sync.pools().maxSilence()), sync.pools().maxSilence()));

        final JobProgress trustlines = progress("sync-trustlines", clock, metrics, all);
        jobs.register(trustlines.name(), sync.trustlines().interval(), stopBudget, new LeaderOnly(leader, new SnapshotSync<AssetStats>(
                "sync.assets", source::assets, new AssetWrites(json), sync.trustlines().batch(), database,
                trustlines, () -> invalidation.accept(CacheKind.ASSETS), clock)));
        health.register(trustlines.name(), new LeaderAwareHealthCheck(leader, new JobFreshnessHealthCheck(trustlines,
                -1, sync.trustlines().maxSilence()), sync.trustlines().maxSilence()));
        return List.copyOf(all);
    }

    private static JobProgress progress(String name, Clock clock, MetricRegistry metrics, List<JobProgress> all) {
        final JobProgress progress = new JobProgress(name, clock, metrics);
        all.add(progress);
        return progress;
    }
}
