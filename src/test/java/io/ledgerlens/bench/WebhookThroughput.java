package io.ledgerlens.bench;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jackson.Jackson;
import io.ledgerlens.db.Database;
import io.ledgerlens.events.EventLog;
import io.ledgerlens.drill.WebhookReceiver;
import io.ledgerlens.lifecycle.BackgroundJobs;
import io.ledgerlens.lifecycle.Ticker;
import io.ledgerlens.testsupport.PostgresProcess;
import io.ledgerlens.testsupport.TestDatabases;
import io.ledgerlens.webhooks.Subscription;
import io.ledgerlens.webhooks.Subscriptions;
import io.ledgerlens.webhooks.TargetGuard;
import io.ledgerlens.webhooks.WebhookConfig;
import io.ledgerlens.webhooks.WebhookDispatcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Not a test: webhook deliveries/s from a fresh outbox to a local receiver (a JDK HttpServer on loopback
 * answering 200 at once), through the real dispatcher: fan-out, leases, signed POSTs over Jetty's client, outcomes
 * recorded. Events are written first, then the clock starts with the dispatcher and stops when the receiver has
 * acknowledged the last delivery. Usage:
 * java -cp target/ledgerlens.jar:target/test-classes io.ledgerlens.bench.WebhookThroughput [events] [runs] [shapes]
 * where shapes is a comma-separated list of subscriptions x concurrency, default 1x4,1x16,1x64,4x16, each
 * optionally followed by {@code @pgN}: N dispatchers, as N instances run them, each with its own connection pool on
 * one PostgreSQL database (started here with its durable defaults) and one of them fanning out. Without it, one
 * dispatcher on a SQLite file.
 */
public final class WebhookThroughput {
    public static void main(String[] args) throws Exception {
        final int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        final int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.printf("%d events, one subscription per column, delivered to a local receiver; %d runs each%n",
                events, runs);
        System.out.println("store        | subscriptions | concurrency per subscription | median deliveries/s | runs (ms)");
        final String shapes = args.length > 2 ? args[2] : "1x4,1x16,1x64,4x16";
        PostgresProcess postgres = null;
        try {
            for (String spec : shapes.split(",")) {
                final String[] parts = spec.split("@pg");
                final int instances = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
                if (instances > 0 && postgres == null) {
                    postgres = PostgresProcess.startDurable();
                }
                final int[] shape = java.util.Arrays.stream(parts[0].split("x")).mapToInt(Integer::parseInt).toArray();
                final List<Long> millis = new ArrayList<>();
                for (int run = 0; run < runs; run++) {
                    millis.add(once(events, shape[0], shape[1], instances == 0 ? null : postgres, instances));
                }
                final double median = millis.stream().sorted().toList().get(millis.size() / 2);
                System.out.printf("%-12s | %13d | %28d | %19.0f | %s%n",
                        instances == 0 ? "sqlite" : "postgres x" + instances, shape[0], shape[1],
                        (double) events * shape[0] * 1000.0 / median, millis);
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    private static Database open(Path dir, String postgresUrl) throws Exception {
        if (postgresUrl == null) {
            return TestDatabases.open(dir.resolve("bench.db"));
        }
        final DataSourceFactory factory = new DataSourceFactory();
        factory.setUrl(postgresUrl);
        factory.setUser(PostgresProcess.USER);
        factory.setValidationQuery("SELECT 1");
        return Database.open(factory, new MetricRegistry());
    }

    private static long once(int events, int subscriptions, int concurrency, PostgresProcess postgres, int instances)
            throws Exception {
        final Path dir = Files.createTempDirectory("ledgerlens-bench");
        final String postgresUrl = postgres == null ? null : postgres.createDatabase();
        final Database db = open(dir, postgresUrl);
        final List<Database> others = new ArrayList<>();
        for (int i = 1; i < instances; i++) {
            others.add(open(dir, postgresUrl));
        }
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            final Instant now = Instant.now();
            db.useTransaction(h -> {
                for (int i = 1; i <= subscriptions; i++) {
                    Subscriptions.insert(h, new Subscription(String.format("wh_%016x", i), receiver.url(),
                            List.of("ledger.closed"), "", "whsec_bench", true, 0, now, now));
                }
                for (int i = 0; i < events; i++) {
                    EventLog.append(h, "ledger.closed", Integer.toString(i), "{\"sequence\":" + i + "}", now);
                }
            });
            // The whole backlog is written before the dispatcher starts: the outbox's cap on pending deliveries must
            // be above it, or fan-out pauses the subscription at the cap and the run waits for what never comes.
            final WebhookConfig config = Jackson.newObjectMapper().convertValue(Map.of("allowPrivateTargets", true,
                    "maxConcurrencyPerSubscription", concurrency,
                    "maxPendingPerSubscription", Math.max(10_000, events + 1)), WebhookConfig.class);
            final List<BackgroundJobs> jobs = new ArrayList<>();
            final List<Database> all = new ArrayList<>(List.of(db));
            all.addAll(others);
            for (int i = 0; i < all.size(); i++) {
                final boolean leads = i == 0;
                final BackgroundJobs instance = new BackgroundJobs(Ticker.SYSTEM);
                instance.register("webhooks", config.pollInterval(), Duration.ofSeconds(5), new WebhookDispatcher(
                        all.get(i), all.get(i), () -> leads, config, new TargetGuard(true), Jackson.newObjectMapper(),
                        "bench-" + i, Duration.ofSeconds(5), Clock.systemUTC(), Ticker.SYSTEM, new MetricRegistry()));
                jobs.add(instance);
            }
            final long start = System.nanoTime();
            jobs.forEach(BackgroundJobs::start);
            if (!receiver.awaitAcknowledged(events * subscriptions, Duration.ofMinutes(10))) {
                throw new IllegalStateException("not every delivery was acknowledged within 10 minutes");
            }
            final long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
            for (BackgroundJobs instance : jobs) {
                instance.stop(Duration.ofSeconds(5));
            }
            if (receiver.received().stream().map(WebhookReceiver.Received::idempotencyKey).distinct().count()
                    != (long) events * subscriptions) {
                throw new IllegalStateException("a delivery was sent twice or not at all");
            }
            return took;
        } finally {
            db.stop(Duration.ofSeconds(5));
            for (Database other : others) {
                other.stop(Duration.ofSeconds(5));
            }
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
