package io.ledgerlens.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlens.ingest.ChainAudit;
import io.ledgerlens.ingest.simulated.SimulatedConfig;
import io.ledgerlens.ingest.simulated.SimulatedNetwork;
import io.ledgerlens.testsupport.ChildJvm;
import io.ledgerlens.testsupport.HttpProbe;
import io.ledgerlens.testsupport.Poll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM while all four data jobs are in the middle of their work: ingestion and the corridor sync catching up
 * on a backlog, the pool and trustline syncs half-way through a pass of 3,000 records in pages of 10. Each job's
 * unit in hand completes or rolls back: afterwards every stored state is a whole number of units, and a restart
 * finishes the passes without a duplicate.
 */
class DataJobsShutdownIT extends ChildServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECORDS = 3000;
    private static final int PAGE = 10;

    @Test
    void sigtermDuringEveryJobLeavesWholeUnitsAndARestartFinishesThem() throws Exception {
        final Duration pace = Duration.ofMillis(20);
        final Instant genesis = Instant.now().minus(Duration.ofSeconds(30)).truncatedTo(ChronoUnit.SECONDS);
        service.env("SIMULATED_SEED", "11").env("SIMULATED_PACE", "20ms")
                .env("SIMULATED_GENESIS_TIME", genesis.toString()).env("INGEST_START", "1")
                .property("dw.source.simulated.pools", String.valueOf(RECORDS))
                .property("dw.source.simulated.assets", String.valueOf(RECORDS))
                .property("dw.sync.pools.batch", String.valueOf(PAGE))
                .property("dw.sync.trustlines.batch", String.valueOf(PAGE))
                .property("dw.sync.corridors.batch", "5");
        final ChildJvm jvm = service.startAndAwaitReady();
        Poll.until("every job is part-way through its work", Duration.ofSeconds(60), () -> {
            final JsonNode jobs = status().get("jobs");
            return position(jobs, "ingest-ledgers") > 50 && position(jobs, "sync-corridors") > 20
                    && !text(jobs, "sync-pools").isEmpty() && !text(jobs, "sync-trustlines").isEmpty();
        });
        jvm.signal("TERM");
        final int exit = jvm.waitForExit(service.totalBudget().plusSeconds(10));
        assertThat(exit).as("exit code; last lines:\n%s", jvm.tail(40)).isZero();

        final SimulatedNetwork network = new SimulatedNetwork(new SimulatedConfig(11, pace, genesis, 1, 20, RECORDS,
                RECORDS));
        final ChainAudit audit = new ChainAudit(dir.resolve("ledgerlens.db").toString(), network);
        final long ingested = audit.assertComplete(1);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ledgerlens.db"));
             Statement s = c.createStatement()) {
            final long checkpoint = Long.parseLong(one(s, "SELECT position FROM cursors WHERE name = 'sync.corridors'"));
            assertThat(checkpoint).isBetween(1L, ingested);
            assertThat(one(s, "SELECT SUM(payment_count) FROM corridors"))
                    .as("corridor totals cover exactly the payments up to the checkpoint")
                    .isEqualTo(one(s, "SELECT COUNT(*) FROM payments WHERE ledger_sequence <= " + checkpoint));
            assertWholePages(s, "liquidity_pools", "pool_snapshots", "sync.pools", "id");
            assertWholePages(s, "assets", "asset_snapshots", "sync.assets", "paging_token");
        }
        service.startAndAwaitReady();
        final JsonNode report = service.reports(1).get(0);
        assertThat(report.get("outcome").asText()).as("report %s", report).isEqualTo("clean");
        for (JsonNode phase : report.get("phases")) {
            if (phase.get("name").asText().equals("background")) {
                assertThat(phase.get("outcome").asText()).as("every job finished its unit in time").isEqualTo("clean");
            }
        }
        Poll.until("the restarted service finishes both passes", Duration.ofSeconds(90), () -> {
            final JsonNode jobs = status().get("jobs");
            return text(jobs, "sync-pools").equals("pass complete")
                    && text(jobs, "sync-trustlines").equals("pass complete");
        });
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ledgerlens.db"));
             Statement s = c.createStatement()) {
            assertThat(one(s, "SELECT COUNT(*) FROM liquidity_pools")).isEqualTo(String.valueOf(RECORDS));
            assertThat(one(s, "SELECT COUNT(*) FROM assets")).isEqualTo(String.valueOf(RECORDS));
            // Every record has as many snapshots as there were passes: no page was stored twice.
            assertThat(one(s, "SELECT COUNT(DISTINCT n) FROM (SELECT COUNT(*) AS n FROM pool_snapshots "
                    + "GROUP BY pool_id)")).isEqualTo("1");
            assertThat(one(s, "SELECT COUNT(DISTINCT n) FROM (SELECT COUNT(*) AS n FROM asset_snapshots "
                    + "GROUP BY asset)")).isEqualTo("1");
        }
    }

    /** Mid-pass, a sync has stored whole pages: a multiple of the page size, each with its snapshot, cursor at the end. */
    private static void assertWholePages(Statement s, String table, String snapshots, String cursor, String token)
            throws SQLException {
        final long stored = Long.parseLong(one(s, "SELECT COUNT(*) FROM " + table));
        assertThat(stored % PAGE).as("%s stored in whole pages of %d: %d", table, PAGE, stored).isZero();
        assertThat(one(s, "SELECT COUNT(*) FROM " + snapshots)).isEqualTo(String.valueOf(stored));
        if (stored > 0 && stored < RECORDS) {
            assertThat(one(s, "SELECT position FROM cursors WHERE name = '" + cursor + "'"))
                    .isEqualTo(one(s, "SELECT MAX(" + token + ") FROM " + table));
        }
    }

    private static String one(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private JsonNode status() {
        try {
            return JSON.readTree(HttpProbe.get(service.app("/api/status"), Duration.ofSeconds(5)).body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String text(JsonNode jobs, String name) {
        for (JsonNode job : jobs) {
            if (job.get("name").asText().equals(name)) {
                return job.get("position").asText();
            }
        }
        throw new AssertionError("no job " + name + " in " + jobs);
    }

    private static long position(JsonNode jobs, String name) {
        final String position = text(jobs, name);
        return position.isEmpty() || !position.matches("\\d+") ? 0 : Long.parseLong(position);
    }
}
