package io.ledgerlens.sync;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.ledgerlens.db.Database;
import io.ledgerlens.ingest.Amounts;
import io.ledgerlens.ingest.IngestConfig;
import io.ledgerlens.ingest.LedgerIngestion;
import io.ledgerlens.ingest.Payment;
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

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Corridor totals and hourly rollups from real stored payments, compared with sums computed independently. */
class CorridorSyncTest {
    static final ObjectMapper JSON = Jackson.newObjectMapper();
    static final StopToken RUNNING = () -> false;
    static final Instant GENESIS = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;
    Database db;
    SimulatedNetwork network;
    MutableClock clock;
    final AtomicInteger invalidations = new AtomicInteger();

    @BeforeEach
    void open() throws Exception {
        db = TestDatabases.open(dir.resolve("ledgerlens.db"));
        // One ledger every two minutes: 60 ledgers span two hours, so there are several hourly rows.
        network = new SimulatedNetwork(new SimulatedConfig(9, Duration.ofMinutes(2), GENESIS, 1, 20, 4, 6));
        clock = new MutableClock(GENESIS.plus(Duration.ofMinutes(2 * 29)));
    }

    @AfterEach
    void close() throws Exception {
        db.stop(Duration.ofSeconds(1));
    }

    void ingestToHead() throws Exception {
        new LedgerIngestion(new SimulatedSource(network, clock), db, JSON.convertValue(Map.of("start", "1"),
                IngestConfig.class), new JobProgress("i", clock, new MetricRegistry()), () -> { }, JSON, clock)
                .run(RUNNING);
    }

    CorridorSync sync(int batch) {
        return new CorridorSync(db, batch, new JobProgress("c", clock, new MetricRegistry()),
                invalidations::incrementAndGet, JSON, clock);
    }

    /** corridor -> "count|successful|sourceVolume|destVolume", computed from the network, not from storage. */
    Map<String, String> expectedTotals(long last) {
        final Map<String, long[]> counts = new TreeMap<>();
        final Map<String, BigDecimal[]> volumes = new TreeMap<>();
        for (long seq = 1; seq <= last; seq++) {
            for (Payment p : network.payments(seq)) {
                final long[] c = counts.computeIfAbsent(p.corridor(), k -> new long[2]);
                final BigDecimal[] v = volumes.computeIfAbsent(p.corridor(),
                        k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
                c[0]++;
                if (p.transactionSuccessful()) {
                    c[1]++;
                    v[0] = v[0].add(p.sourceAmount());
                    v[1] = v[1].add(p.amount());
                }
            }
        }
        final Map<String, String> expected = new TreeMap<>();
        counts.forEach((k, c) -> expected.put(k, c[0] + "|" + c[1] + "|" + Amounts.format(volumes.get(k)[0]) + "|"
                + Amounts.format(volumes.get(k)[1])));
        return expected;
    }

    Map<String, String> storedTotals(String table) {
        final String sql = table.equals("corridors")
                ? "SELECT corridor, payment_count, successful_count, source_volume, dest_volume FROM corridors"
                : "SELECT corridor, SUM(payment_count), SUM(successful_count), NULL, NULL FROM corridor_hours "
                + "GROUP BY corridor";
        final Map<String, String> stored = new TreeMap<>();
        db.jdbi().useHandle(h -> h.createQuery(sql).map((rs, ctx) -> stored.put(rs.getString(1),
                rs.getLong(2) + "|" + rs.getLong(3) + "|" + rs.getString(4) + "|" + rs.getString(5))).list());
        return stored;
    }

    long checkpoint() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT position FROM cursors WHERE name = 'sync.corridors'")
                .mapTo(Long.class).one());
    }

    @Test
    void totalsAreExactSumsOfTheStoredPayments() throws Exception {
        ingestToHead();
        sync(7).run(RUNNING);
        assertThat(checkpoint()).isEqualTo(30);
        assertThat(storedTotals("corridors")).isEqualTo(expectedTotals(30));
    }

    @Test
    void incrementalBatchesAddUpToTheSameTotalsAndHoursSumToThem() throws Exception {
        ingestToHead();
        sync(4).run(RUNNING);
        clock.advance(Duration.ofMinutes(2 * 30));
        ingestToHead();
        sync(100).run(RUNNING);
        assertThat(checkpoint()).isEqualTo(60);
        assertThat(storedTotals("corridors")).isEqualTo(expectedTotals(60));
        final Map<String, String> hourCounts = new TreeMap<>();
        storedTotals("corridor_hours").forEach((k, v) -> hourCounts.put(k, v.substring(0, v.indexOf("|null"))));
        final Map<String, String> totalCounts = new TreeMap<>();
        expectedTotals(60).forEach((k, v) -> totalCounts.put(k, v.split("\\|")[0] + "|" + v.split("\\|")[1]));
        assertThat(hourCounts).isEqualTo(totalCounts);
        final long hours = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(DISTINCT hour) FROM corridor_hours")
                .mapTo(Long.class).one());
        assertThat(hours).isEqualTo(2);
    }

    @Test
    void eachBatchAppendsOneEventPerCorridorItTouchedAndInvalidatesOnce() throws Exception {
        ingestToHead();
        final CorridorSync sync = sync(10);
        sync.run(RUNNING);
        assertThat(invalidations).hasValue(3);
        final long events = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM events WHERE type = "
                + "'corridor.updated'").mapTo(Long.class).one());
        long touched = 0;
        for (int batch = 0; batch < 3; batch++) {
            final java.util.Set<String> corridors = new java.util.HashSet<>();
            for (long seq = batch * 10L + 1; seq <= batch * 10L + 10; seq++) {
                network.payments(seq).forEach(p -> corridors.add(p.corridor()));
            }
            touched += corridors.size();
        }
        assertThat(events).isEqualTo(touched);
        sync.run(RUNNING);
        assertThat(invalidations).as("nothing new, nothing invalidated").hasValue(3);
    }

    @Test
    void aBatchThatFailsLeavesTotalsAndCheckpointAsTheyWere() throws Exception {
        ingestToHead();
        sync(10).run(RUNNING);
        final Map<String, String> before = storedTotals("corridors");
        clock.advance(Duration.ofMinutes(2 * 5));
        ingestToHead();
        db.jdbi().useHandle(h -> h.execute("UPDATE payments SET amount = 'garbage' WHERE ledger_sequence = 33 "
                + "AND transaction_successful = 1"));
        assertThatThrownBy(() -> sync(10).run(RUNNING)).isInstanceOf(NumberFormatException.class);
        assertThat(checkpoint()).isEqualTo(30);
        assertThat(storedTotals("corridors")).isEqualTo(before);
    }
}
