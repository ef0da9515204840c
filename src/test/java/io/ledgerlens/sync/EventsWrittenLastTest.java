package io.ledgerlens.sync;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.ledgerlens.db.Database;
import io.ledgerlens.ingest.IngestConfig;
import io.ledgerlens.ingest.LedgerIngestion;
import io.ledgerlens.ingest.simulated.SimulatedConfig;
import io.ledgerlens.ingest.simulated.SimulatedNetwork;
import io.ledgerlens.ingest.simulated.SimulatedSource;
import io.ledgerlens.lifecycle.JobProgress;
import io.ledgerlens.lifecycle.JobUnit.StopToken;
import io.ledgerlens.testsupport.MutableClock;
import io.ledgerlens.testsupport.TestDatabases;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.transaction.DelegatingTransactionHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every writer of events appends them after its other writes. On PostgreSQL the event log's lock is held from a
 * transaction's first event to its commit, and every other writer of events waits for it: a sync that appended its
 * first event and then went on writing rows made ingestion wait for the whole page. Read from the statements each
 * transaction ran, in order.
 */
class EventsWrittenLastTest {
    static final ObjectMapper JSON = Jackson.newObjectMapper();
    static final StopToken RUNNING = () -> false;
    static final Instant GENESIS = Instant.parse("2026-01-01T00:00:00Z");
    static final String COMMIT = "-- commit";

    @TempDir
    Path dir;
    Database db;
    SimulatedNetwork network;
    MutableClock clock;
    final List<String> statements = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws Exception {
        db = TestDatabases.open(dir.resolve("ledgerlens.db"));
        // Ledgers every two minutes, many payments and corridors each, several pools and assets.
        network = new SimulatedNetwork(new SimulatedConfig(9, Duration.ofMinutes(2), GENESIS, 1, 20, 4, 6));
        clock = new MutableClock(GENESIS.plus(Duration.ofMinutes(2 * 29)));
        db.jdbi().setSqlLogger(new SqlLogger() {
            @Override
            public void logAfterExecution(StatementContext context) {
                statements.add(context.getRenderedSql().strip().toUpperCase(Locale.ROOT));
            }
        });
        db.jdbi().setTransactionHandler(new DelegatingTransactionHandler(db.jdbi().getTransactionHandler()) {
            @Override
            public void commit(Handle handle) {
                super.commit(handle);
                statements.add(COMMIT);
            }
        });
    }

    @AfterEach
    void close() throws Exception {
        db.stop(Duration.ofSeconds(1));
    }

    @Test
    void ingestionAppendsItsLedgersEventsAfterTheLedgersPaymentsAndCursor() throws Exception {
        new LedgerIngestion(new SimulatedSource(network, clock), db, JSON.convertValue(Map.of("start", "1"),
                IngestConfig.class), new JobProgress("i", clock, new MetricRegistry()), () -> { }, JSON, clock)
                .run(RUNNING);
        assertEventsLastInEveryTransaction(2);
    }

    @Test
    void theCorridorSyncAppendsItsEventsAfterTheTotalsTheHoursAndItsCheckpoint() throws Exception {
        new LedgerIngestion(new SimulatedSource(network, clock), db, JSON.convertValue(Map.of("start", "1"),
                IngestConfig.class), new JobProgress("i", clock, new MetricRegistry()), () -> { }, JSON, clock)
                .run(RUNNING);
        statements.clear();
        new CorridorSync(db, 100, new JobProgress("c", clock, new MetricRegistry()), () -> { }, JSON, clock)
                .run(RUNNING);
        assertEventsLastInEveryTransaction(2);
    }

    @Test
    void poolAndAssetSyncsAppendTheirEventsAfterTheRowsAndSnapshots() throws Exception {
        final SimulatedSource source = new SimulatedSource(network, clock);
        new SnapshotSync<>("sync.pools", source::pools, new PoolWrites(JSON), 100, db,
                new JobProgress("p", clock, new MetricRegistry()), () -> { }, clock).run(RUNNING);
        assertEventsLastInEveryTransaction(2);
        statements.clear();
        new SnapshotSync<>("sync.assets", source::assets, new AssetWrites(JSON), 100, db,
                new JobProgress("a", clock, new MetricRegistry()), () -> { }, clock).run(RUNNING);
        assertEventsLastInEveryTransaction(2);
    }

    /** In each committed transaction that appended events, nothing but more events follows the first one. */
    private void assertEventsLastInEveryTransaction(int atLeastEvents) {
        final List<List<String>> transactions = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String statement : statements) {
            if (statement.equals(COMMIT)) {
                transactions.add(current);
                current = new ArrayList<>();
            } else {
                current.add(statement);
            }
        }
        int eventsSeen = 0;
        for (List<String> transaction : transactions) {
            boolean inEvents = false;
            for (String statement : transaction) {
                if (statement.startsWith("INSERT INTO EVENTS")) {
                    eventsSeen++;
                    inEvents = true;
                } else {
                    assertThat(inEvents).as("a statement after the transaction's first event: %s; the "
                            + "transaction: %s", statement, transaction).isFalse();
                }
            }
        }
        assertThat(eventsSeen).as("events appended in committed transactions; statements: %s", statements)
                .isGreaterThanOrEqualTo(atLeastEvents);
    }
}
