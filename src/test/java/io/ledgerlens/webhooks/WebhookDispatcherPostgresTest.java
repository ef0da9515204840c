package io.ledgerlens.webhooks;

import com.codahale.metrics.MetricRegistry;
import io.ledgerlens.db.Database;
import io.ledgerlens.drill.WebhookReceiver;
import io.ledgerlens.events.EventLog;
import io.ledgerlens.lifecycle.BackgroundJobs;
import io.ledgerlens.lifecycle.JobStatus;
import io.ledgerlens.lifecycle.Ticker;
import io.ledgerlens.testsupport.Poll;
import io.ledgerlens.testsupport.TestStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three dispatchers on one PostgreSQL database, each with its own connection pool, as three instances run them:
 * every delivery goes out once, and no dispatcher's unit fails. Before claims skipped locked rows, an instance that
 * recorded its outcomes and claimed new rows in one transaction deadlocked with another doing the same (PostgreSQL
 * "deadlock detected", several times per 20,000 deliveries in the webhook benchmark).
 */
class WebhookDispatcherPostgresTest {
    private static final int EVENTS = 3000;

    @TempDir
    Path dir;

    @Test
    void threeInstancesSendEachDeliveryOnceWithoutAFailedUnit() throws Exception {
        final var factory = TestStore.POSTGRES.newFactory(dir);
        final List<Database> databases = new ArrayList<>();
        final List<BackgroundJobs> instances = new ArrayList<>();
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            for (int i = 0; i < 3; i++) {
                databases.add(Database.open(factory, new MetricRegistry()));
            }
            final Database first = databases.get(0);
            final Instant now = Instant.now();
            first.useTransaction(h -> {
                Subscriptions.insert(h, new Subscription("wh_00000000000000a1", receiver.url(),
                        List.of("ledger.closed"), "", "whsec_test", true, 0, now, now));
                for (int i = 0; i < EVENTS; i++) {
                    EventLog.append(h, "ledger.closed", Integer.toString(i), "{\"n\":" + i + "}", now);
                }
            });
            final WebhookConfig config = WebhookFixture.config(Map.of("pollInterval", "10ms"));
            for (int i = 0; i < databases.size(); i++) {
                final boolean leads = i == 0;
                final BackgroundJobs jobs = new BackgroundJobs(Ticker.SYSTEM);
                jobs.register(Webhooks.JOB, config.pollInterval(), WebhookFixture.STOP_BUDGET, new WebhookDispatcher(
                        databases.get(i), databases.get(i), () -> leads, config, new TargetGuard(true),
                        WebhookFixture.JSON, "run-" + i, WebhookFixture.STOP_BUDGET, Clock.systemUTC(), Ticker.SYSTEM,
                        new MetricRegistry()));
                jobs.start();
                instances.add(jobs);
            }

            assertThat(receiver.awaitAcknowledged(EVENTS, Duration.ofSeconds(120))).isTrue();
            Poll.until("every delivery recorded", Duration.ofSeconds(30), () -> first.jdbi().withHandle(h ->
                    Deliveries.counts(h, null, System.currentTimeMillis())).get("delivered") == EVENTS);
            assertThat(receiver.received()).extracting(WebhookReceiver.Received::idempotencyKey)
                    .hasSize(EVENTS).doesNotHaveDuplicates();
            for (BackgroundJobs jobs : instances) {
                assertThat(jobs.status()).extracting(JobStatus::errors, JobStatus::lastError)
                        .containsOnly(org.assertj.core.groups.Tuple.tuple(0L, null));
            }
        } finally {
            for (BackgroundJobs jobs : instances) {
                jobs.stop(WebhookFixture.STOP_BUDGET);
            }
            for (Database database : databases) {
                database.stop(Duration.ofSeconds(2));
            }
        }
    }
}
