package io.ledgerlens.webhooks;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.ledgerlens.db.Database;
import io.ledgerlens.events.EventLog;
import io.ledgerlens.lifecycle.BackgroundJobs;
import io.ledgerlens.lifecycle.Ticker;
import io.ledgerlens.testsupport.TestDatabases;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A real SQLite file, subscriptions and events written as the jobs write them, and dispatchers to run on it. */
final class WebhookFixture implements AutoCloseable {
    static final ObjectMapper JSON = Jackson.newObjectMapper();
    static final Duration STOP_BUDGET = Duration.ofSeconds(2);

    final Database database;
    final MetricRegistry metrics = new MetricRegistry();
    private BackgroundJobs jobs;
    private final List<BackgroundJobs> others = new java.util.ArrayList<>();
    private int subscriptions;

    WebhookFixture(Path dir) throws Exception {
        this.database = TestDatabases.open(dir.resolve("webhooks.db"));
    }

    static WebhookConfig config(Map<String, Object> overrides) {
        final Map<String, Object> values = new HashMap<>(Map.of("allowPrivateTargets", true, "pollInterval", "20ms",
                "initialBackoff", "20ms", "maxBackoff", "100ms", "requestTimeout", "5s"));
        values.putAll(overrides);
        return JSON.convertValue(values, WebhookConfig.class);
    }

    Subscription subscribe(String url, String... types) throws Exception {
        final Instant now = Instant.now();
        final Subscription s = new Subscription(String.format("wh_%016x", ++subscriptions), url, List.of(types), "",
                "whsec_test" + subscriptions, true, database.jdbi().withHandle(EventLog::lastSequence), now, now);
        database.useTransaction(h -> Subscriptions.insert(h, s));
        return s;
    }

    void events(String type, int count) throws Exception {
        database.useTransaction(h -> {
            for (int i = 0; i < count; i++) {
                EventLog.append(h, type, "s" + i, "{\"n\":" + i + "}", Instant.now());
            }
        });
    }

    /** Starts a dispatcher as the service runs it: a background job, with this run's id as lease owner. */
    WebhookDispatcher start(WebhookConfig config, String runId) {
        return start(config, runId, true);
    }

    /** @param leads whether this one fans out (the lease holder); another instance on the same database does not */
    WebhookDispatcher start(WebhookConfig config, String runId, boolean leads) {
        return start(config, runId, leads, Clock.systemUTC());
    }

    /** @param clock the wall clock the dispatcher reads (backoff, failing time, retention) */
    WebhookDispatcher start(WebhookConfig config, String runId, boolean leads, Clock clock) {
        final WebhookDispatcher dispatcher = new WebhookDispatcher(database, database, () -> leads, config,
                new TargetGuard(config.allowPrivateTargets()), JSON, runId, STOP_BUDGET, clock,
                Ticker.SYSTEM, metrics);
        final BackgroundJobs started = new BackgroundJobs(Ticker.SYSTEM);
        started.register(Webhooks.JOB, config.pollInterval(), STOP_BUDGET, dispatcher);
        started.start();
        others.add(started);
        jobs = started;
        return dispatcher;
    }

    BackgroundJobs jobs() {
        return jobs;
    }

    Map<String, Long> counts() {
        return database.jdbi().withHandle(h -> Deliveries.counts(h, null, System.currentTimeMillis()));
    }

    List<Delivery> deliveries(Subscription s) {
        return database.jdbi().withHandle(h -> Deliveries.list(h, s.id(), null, null, 1000,
                System.currentTimeMillis()));
    }

    @Override
    public void close() throws Exception {
        for (BackgroundJobs started : others) {
            started.stop(STOP_BUDGET);
        }
        database.stop(Duration.ofSeconds(2));
    }
}
