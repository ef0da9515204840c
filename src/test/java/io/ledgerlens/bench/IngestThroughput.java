package io.ledgerlens.bench;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jackson.Jackson;
import io.ledgerlens.db.Database;
import io.ledgerlens.ingest.IngestConfig;
import io.ledgerlens.ingest.LedgerIngestion;
import io.ledgerlens.ingest.simulated.SimulatedConfig;
import io.ledgerlens.ingest.simulated.SimulatedNetwork;
import io.ledgerlens.ingest.simulated.SimulatedSource;
import io.ledgerlens.lifecycle.JobProgress;
import io.ledgerlens.testsupport.PostgresProcess;
import io.ledgerlens.testsupport.TestDatabases;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Not a test: ledgers/s and payments/s that ledger ingestion stores from the simulated source, for several batch
 * sizes, into a fresh SQLite file (production settings: WAL, synchronous=NORMAL, IMMEDIATE transactions) and into
 * a fresh database on a PostgreSQL started here with its durable defaults (fsync and synchronous_commit on).
 * Usage: java -cp target/ledgerlens.jar:target/test-classes io.ledgerlens.bench.IngestThroughput [ledgers] [runs]
 * [batch sizes, comma-separated, default 1,10,50,200] [stores, default sqlite,postgres]
 */
public final class IngestThroughput {
    public static void main(String[] args) throws Exception {
        final int ledgers = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        final int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        final Instant genesis = Instant.parse("2026-01-01T00:00:00Z");
        final Clock clock = Clock.fixed(genesis.plusSeconds(ledgers - 1), ZoneOffset.UTC);
        final SimulatedNetwork network = new SimulatedNetwork(new SimulatedConfig(42, Duration.ofSeconds(1), genesis,
                1, 20, 12, 16));
        long payments = 0;
        for (long seq = 1; seq <= ledgers; seq++) {
            payments += network.payments(seq).size();
        }
        System.out.printf("ingesting %d simulated ledgers (%d payments, up to 20 per ledger), %d runs per batch size%n",
                ledgers, payments, runs);
        System.out.println("store    | batch | median ledgers/s | median payments/s | runs (ms)");
        final int[] batches = java.util.Arrays.stream((args.length > 2 ? args[2] : "1,10,50,200").split(","))
                .mapToInt(Integer::parseInt).toArray();
        final List<String> stores = List.of((args.length > 3 ? args[3] : "sqlite,postgres").split(","));
        PostgresProcess postgres = null;
        try {
            for (String store : stores) {
                if (!store.equals("sqlite") && !store.equals("postgres")) {
                    throw new IllegalArgumentException("stores are sqlite and postgres, got '" + store + "'");
                }
                if (store.equals("postgres") && postgres == null) {
                    postgres = PostgresProcess.startDurable();
                }
                for (int batch : batches) {
                    final List<Long> millis = new ArrayList<>();
                    for (int run = 0; run < runs; run++) {
                        millis.add(once(network, clock, batch, postgres == null || store.equals("sqlite")
                                ? null : postgres));
                    }
                    final List<Long> sorted = millis.stream().sorted().toList();
                    final double median = sorted.get(sorted.size() / 2);
                    System.out.printf("%-8s | %5d | %16.0f | %17.0f | %s%n", store, batch, ledgers * 1000.0 / median,
                            payments * 1000.0 / median, millis);
                }
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    /** One run into a new store: a SQLite file when {@code postgres} is null, else a new database on it. */
    private static long once(SimulatedNetwork network, Clock clock, int batch, PostgresProcess postgres)
            throws Exception {
        final Path dir = Files.createTempDirectory("ledgerlens-bench");
        final Database db;
        if (postgres == null) {
            db = TestDatabases.open(dir.resolve("bench.db"));
        } else {
            final DataSourceFactory factory = new DataSourceFactory();
            factory.setUrl(postgres.createDatabase());
            factory.setUser(PostgresProcess.USER);
            factory.setValidationQuery("SELECT 1");
            db = Database.open(factory, new MetricRegistry());
        }
        try {
            final IngestConfig config = Jackson.newObjectMapper().convertValue(Map.of("start", "1", "batchSize",
                    batch), IngestConfig.class);
            final LedgerIngestion ingestion = new LedgerIngestion(new SimulatedSource(network, clock), db, config,
                    new JobProgress("bench", clock, new MetricRegistry()), () -> { }, Jackson.newObjectMapper(), clock);
            final long start = System.nanoTime();
            ingestion.run(() -> false);
            return Duration.ofNanos(System.nanoTime() - start).toMillis();
        } finally {
            db.stop(Duration.ofSeconds(5));
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
