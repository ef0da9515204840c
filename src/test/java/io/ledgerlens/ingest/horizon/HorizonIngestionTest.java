package io.ledgerlens.ingest.horizon;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.ledgerlens.db.Database;
import io.ledgerlens.ingest.IngestConfig;
import io.ledgerlens.ingest.Ledger;
import io.ledgerlens.ingest.LedgerIngestion;
import io.ledgerlens.lifecycle.JobProgress;
import io.ledgerlens.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.ledgerlens.ingest.horizon.FakeHorizon.ok;
import static io.ledgerlens.ingest.horizon.FakeHorizon.status;
import static org.assertj.core.api.Assertions.assertThat;

/** Ledger ingestion from a Horizon server (a real local one serving recorded-shape pages) into real SQLite. */
class HorizonIngestionTest {
    private static final ObjectMapper JSON = Jackson.newObjectMapper();
    private static final String EMPTY = "{\"_links\":{},\"_embedded\":{\"records\":[]}}";
    private static final String PAYMENTS = "/payments?order=asc&include_failed=true&limit=200";

    @TempDir
    Path dir;
    private final FakeHorizon horizon = new FakeHorizon();
    private Database db;

    @AfterEach
    void close() throws Exception {
        horizon.close();
        if (db != null) {
            db.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void followsHorizonFromAConfiguredSequenceThroughPagesAndA429() throws Exception {
        horizon.on("/ledgers?order=desc&limit=1", ok("ledgers-page2.json"))
                .on("/ledgers?order=asc&limit=2&cursor=" + Ledger.cursorBefore(53720000),
                        status(429, "", Map.of("Retry-After", "0")), ok("ledgers-page1.json"))
                .on("/ledgers?order=asc&limit=2&cursor=230724612587520000", ok("ledgers-page2.json"))
                .on("/ledgers?order=asc&limit=2&cursor=230724616882487296", status(200, EMPTY, Map.of()))
                .on("/ledgers/53720000" + PAYMENTS, ok("payments-page1.json"))
                .on("/ledgers/53720001" + PAYMENTS, status(200, EMPTY, Map.of()))
                .on("/ledgers/53720002" + PAYMENTS, status(200, EMPTY, Map.of()));
        db = TestDatabases.open(dir.resolve("ledgerlens.db"));
        final HorizonConfig config = new HorizonConfig(horizon.url(), Duration.ofSeconds(2), Duration.ofSeconds(5),
                3, Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofSeconds(1));
        final JobProgress progress = new JobProgress("ingest", Clock.systemUTC(), new MetricRegistry());
        new LedgerIngestion(new HorizonSource(HorizonClient.create(config, new MetricRegistry())), db,
                JSON.convertValue(Map.of("start", "53720000", "batchSize", 2), IngestConfig.class), progress,
                () -> { }, JSON, Clock.systemUTC()).run(() -> false);

        final List<Long> ledgers = db.jdbi().withHandle(h -> h.createQuery("SELECT sequence FROM ledgers ORDER BY "
                + "sequence").mapTo(Long.class).list());
        assertThat(ledgers).containsExactly(53720000L, 53720001L, 53720002L);
        final List<String> amounts = db.jdbi().withHandle(h -> h.createQuery("SELECT amount FROM payments ORDER BY "
                + "op_index").mapTo(String.class).list());
        assertThat(amounts).containsExactly("1234.5678901", "0.0000001");
        assertThat(progress.snapshot().position()).isEqualTo("53720002");
        assertThat(progress.snapshot().lag()).isZero();
    }
}
