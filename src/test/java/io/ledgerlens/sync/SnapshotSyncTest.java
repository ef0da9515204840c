package io.ledgerlens.sync;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.ledgerlens.db.Database;
import io.ledgerlens.ingest.AssetStats;
import io.ledgerlens.ingest.LiquidityPool;
import io.ledgerlens.ingest.simulated.SimulatedConfig;
import io.ledgerlens.ingest.simulated.SimulatedNetwork;
import io.ledgerlens.ingest.simulated.SimulatedSource;
import io.ledgerlens.lifecycle.JobProgress;
import io.ledgerlens.lifecycle.JobUnit.StopToken;
import io.ledgerlens.testsupport.MutableClock;
import io.ledgerlens.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Pool and trustline sync passes, page by page, against a real SQLite file. */
class SnapshotSyncTest {
    static final ObjectMapper JSON = Jackson.newObjectMapper();
    static final StopToken RUNNING = () -> false;
    static final Instant GENESIS = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;
    Database db;
    SimulatedSource source;
    MutableClock clock;
    final AtomicInteger invalidations = new AtomicInteger();

    @BeforeEach
    void open() throws Exception {
        db = TestDatabases.open(dir.resolve("ledgerlens.db"));
        clock = new MutableClock(GENESIS.plusSeconds(5));
        source = new SimulatedSource(new SimulatedNetwork(new SimulatedConfig(3, Duration.ofSeconds(1), GENESIS, 1,
                5, 12, 16)), clock);
    }

    @AfterEach
    void close() throws Exception {
        db.stop(Duration.ofSeconds(1));
    }

    SnapshotSync<LiquidityPool> pools(int pageSize) {
        return new SnapshotSync<>("sync.pools", source::pools, new PoolWrites(JSON), pageSize, db,
                new JobProgress("p", clock, new MetricRegistry()), invalidations::incrementAndGet, clock);
    }

    long count(String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    String cursor(String name) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT position FROM cursors WHERE name = :n").bind("n", name)
                .mapTo(String.class).one());
    }

    @Test
    void aPassStoresEveryPoolWithExactReservesAndOneSnapshotEach() throws Exception {
        pools(5).run(RUNNING);
        assertThat(count("SELECT COUNT(*) FROM liquidity_pools")).isEqualTo(12);
        assertThat(count("SELECT COUNT(*) FROM pool_snapshots")).isEqualTo(12);
        assertThat(count("SELECT COUNT(*) FROM events WHERE type = 'pool.updated'")).isEqualTo(12);
        assertThat(cursor("sync.pools")).as("the pass is complete").isEmpty();
        final LiquidityPool first = source.pools("", 1, RUNNING).records().get(0);
        final String stored = db.jdbi().withHandle(h -> h.createQuery("SELECT reserve_a_amount || '/' || "
                + "reserve_b_amount || '/' || total_shares FROM liquidity_pools WHERE id = :id")
                .bind("id", first.id()).mapTo(String.class).one());
        assertThat(stored).isEqualTo(first.reserves().get(0).amount().toPlainString() + "/"
                + first.reserves().get(1).amount().toPlainString() + "/" + first.totalShares().toPlainString());
    }

    @Test
    void anUnchangedPassSnapshotsAgainButRaisesNoEventAndInvalidatesNothing() throws Exception {
        pools(5).run(RUNNING);
        final int afterFirst = invalidations.get();
        clock.advance(Duration.ofMillis(1));
        pools(5).run(RUNNING);
        assertThat(count("SELECT COUNT(*) FROM pool_snapshots")).isEqualTo(24);
        assertThat(count("SELECT COUNT(*) FROM events")).isEqualTo(12);
        assertThat(invalidations).hasValue(afterFirst);
    }

    @Test
    void changedPoolsRaiseEvents() throws Exception {
        pools(200).run(RUNNING);
        // Ten ledgers later the simulated pools have moved.
        clock.advance(Duration.ofSeconds(10));
        pools(200).run(RUNNING);
        assertThat(count("SELECT COUNT(*) FROM events WHERE type = 'pool.updated'")).isEqualTo(24);
    }

    @Test
    void aStopBetweenPagesKeepsTheCursorAndTheNextRunFinishesThePassWithoutDuplicates() throws Exception {
        final AtomicInteger pages = new AtomicInteger();
        final SnapshotSync<LiquidityPool> sync = new SnapshotSync<>("sync.pools", (cursor, limit, stop) -> {
            pages.incrementAndGet();
            return source.pools(cursor, limit, stop);
        }, new PoolWrites(JSON), 5, db, new JobProgress("p", clock, new MetricRegistry()), () -> { }, clock);
        sync.run(() -> pages.get() >= 1);
        assertThat(count("SELECT COUNT(*) FROM liquidity_pools")).isEqualTo(5);
        assertThat(cursor("sync.pools")).isEqualTo(source.pools("", 5, RUNNING).nextCursor());
        pools(5).run(RUNNING);
        assertThat(count("SELECT COUNT(*) FROM liquidity_pools")).isEqualTo(12);
        assertThat(count("SELECT COUNT(*) FROM pool_snapshots")).isEqualTo(12);
        assertThat(cursor("sync.pools")).isEmpty();
    }

    @Test
    void trustlinesStoreHolderCountsPerAuthorizationStateWithHistory() throws Exception {
        final SnapshotSync<AssetStats> sync = new SnapshotSync<>("sync.assets", source::assets,
                new AssetWrites(JSON), 7, db, new JobProgress("t", clock, new MetricRegistry()), () -> { },
                clock);
        sync.run(RUNNING);
        clock.advance(Duration.ofSeconds(10));
        sync.run(RUNNING);
        assertThat(count("SELECT COUNT(*) FROM assets")).isEqualTo(16);
        assertThat(count("SELECT COUNT(*) FROM asset_snapshots")).isEqualTo(32);
        final AssetStats now = source.assets("", 1, RUNNING).records().get(0);
        final String stored = db.jdbi().withHandle(h -> h.createQuery("SELECT authorized || '/' || "
                + "authorized_to_maintain_liabilities || '/' || unauthorized || '/' || amount FROM assets "
                + "WHERE asset = :a").bind("a", now.asset().canonical()).mapTo(String.class).one());
        assertThat(stored).isEqualTo(now.authorized() + "/" + now.authorizedToMaintainLiabilities() + "/"
                + now.unauthorized() + "/" + now.amount().toPlainString());
    }
}
