package io.ledgerlens.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerlens.drill.WebhookReceiver;
import io.ledgerlens.lifecycle.PhaseOutcome;
import io.ledgerlens.lifecycle.PhaseStep;
import io.ledgerlens.testsupport.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The dispatcher against a real SQLite file and a real HTTP receiver. */
class WebhookDispatcherTest {
    private static final Duration T = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    private WebhookFixture fixture;
    private WebhookReceiver receiver;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void setUp() throws Exception {
        fixture = new WebhookFixture(dir);
        receiver = WebhookReceiver.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        release.countDown();
        fixture.close();
        receiver.close();
    }

    @Test
    void eachWantedEventIsDeliveredOnceSignedWithItsDeliveryIdAsKey() throws Exception {
        final Subscription s = fixture.subscribe(receiver.url(), "ledger.closed");
        fixture.events("ledger.closed", 20);
        fixture.events("pool.updated", 5);
        fixture.start(WebhookFixture.config(Map.of()), "run-1");

        Poll.until("20 deliveries", T, () -> fixture.counts().get("delivered") == 20);
        final List<WebhookReceiver.Received> got = receiver.received();
        assertThat(got).hasSize(20);
        assertThat(got).extracting(WebhookReceiver.Received::eventType).containsOnly("ledger.closed");
        assertThat(got).extracting(WebhookReceiver.Received::idempotencyKey).doesNotHaveDuplicates()
                .allSatisfy(key -> assertThat(key).matches(s.id() + ":\\d+"));
        for (WebhookReceiver.Received r : got) {
            assertThat(Signature.verify(s.secret(), r.signature(), r.body())).as(r.signature()).isTrue();
            assertThat(Signature.verify(s.secret(), r.signature(), r.body() + " ")).isFalse();
            final JsonNode body = WebhookFixture.JSON.readTree(r.body());
            assertThat(body.get("id").asText()).isEqualTo(r.idempotencyKey());
            assertThat(r.idempotencyKey()).endsWith(":" + body.get("sequence").asLong());
            assertThat(body.get("data").get("n").isInt()).isTrue();
        }
        assertThat(fixture.metrics.meter("webhooks.delivered").getCount()).isEqualTo(20);
    }

    @Test
    void twoInstancesOnOneDatabaseSendEachDeliveryOnce() throws Exception {
        final Subscription s = fixture.subscribe(receiver.url(), "ledger.closed");
        fixture.events("ledger.closed", 300);
        fixture.start(WebhookFixture.config(Map.of("pollInterval", "10ms")), "run-1", true);
        fixture.start(WebhookFixture.config(Map.of("pollInterval", "10ms")), "run-2", false);

        Poll.until("300 deliveries", T, () -> fixture.counts().get("delivered") == 300);
        assertThat(receiver.received()).extracting(WebhookReceiver.Received::idempotencyKey)
                .hasSize(300).doesNotHaveDuplicates();
        assertThat(fixture.deliveries(s)).hasSize(300);
    }

    @Test
    void eventsFromBeforeTheSubscriptionAreNotSent() throws Exception {
        fixture.events("ledger.closed", 5);
        fixture.subscribe(receiver.url(), "ledger.closed");
        fixture.events("ledger.closed", 3);
        fixture.start(WebhookFixture.config(Map.of()), "run-1");

        Poll.until("3 deliveries", T, () -> fixture.counts().get("delivered") == 3);
        assertThat(receiver.received()).extracting(WebhookReceiver.Received::idempotencyKey)
                .allSatisfy(key -> assertThat(Long.parseLong(key.substring(key.indexOf(':') + 1))).isGreaterThan(5));
    }

    @Test
    void aFailedAttemptIsRetriedWithTheSameKeyUntilItIsDelivered() throws Exception {
        final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        receiver.respondWith(r -> attempts.computeIfAbsent(r.idempotencyKey(), k -> new AtomicInteger())
                .incrementAndGet() <= 2 ? 500 : 200);
        final Subscription s = fixture.subscribe(receiver.url(), "pool.updated");
        fixture.events("pool.updated", 3);
        fixture.start(WebhookFixture.config(Map.of()), "run-1");

        Poll.until("3 deliveries", T, () -> fixture.counts().get("delivered") == 3);
        final Map<String, Long> perKey = receiver.received().stream().collect(Collectors.groupingBy(
                WebhookReceiver.Received::idempotencyKey, Collectors.counting()));
        assertThat(perKey).hasSize(3).allSatisfy((key, n) -> assertThat(n).isEqualTo(3L));
        assertThat(fixture.deliveries(s)).allSatisfy(d -> {
            assertThat(d.state()).isEqualTo("delivered");
            assertThat(d.attempts()).isEqualTo(3);
            assertThat(d.lastStatus()).isEqualTo(200);
        });
        assertThat(fixture.metrics.meter("webhooks.failed_attempts").getCount()).isEqualTo(6);
    }

    @Test
    void afterMaxAttemptsADeliveryIsADeadLetterAndCanBeRequeued() throws Exception {
        receiver.respondWith(r -> 503);
        final Subscription s = fixture.subscribe(receiver.url(), "ledger.closed");
        fixture.events("ledger.closed", 2);
        final WebhookDispatcher dispatcher = fixture.start(WebhookFixture.config(Map.of("maxAttempts", 3)), "run-1");

        Poll.until("2 dead letters", T, () -> fixture.counts().get("dead") == 2);
        assertThat(receiver.count()).isEqualTo(6);
        assertThat(fixture.deliveries(s)).allSatisfy(d -> {
            assertThat(d.attempts()).isEqualTo(3);
            assertThat(d.lastStatus()).isEqualTo(503);
            assertThat(d.lastError()).isEqualTo("HTTP 503");
            assertThat(d.nextAttemptAt()).isNull();
        });
        assertThat(fixture.metrics.meter("webhooks.dead_letters").getCount()).isEqualTo(2);

        receiver.respondWith(r -> 200);
        final int requeued = fixture.database.inTransaction(h -> Deliveries.requeueDead(h, s.id(),
                System.currentTimeMillis()));
        assertThat(requeued).isEqualTo(2);
        dispatcher.wake();
        Poll.until("the requeued letters delivered", T, () -> fixture.counts().get("delivered") == 2);
    }

    @Test
    void noMoreThanTheConcurrencyLimitIsInFlightToOneSubscription() throws Exception {
        receiver.respondWith(r -> {
            await(release);
            return 200;
        });
        final Subscription s = fixture.subscribe(receiver.url(), "ledger.closed");
        final Subscription other = fixture.subscribe(receiver.url() + "/other", "ledger.closed");
        fixture.events("ledger.closed", 10);
        fixture.start(WebhookFixture.config(Map.of("maxConcurrencyPerSubscription", 3)), "run-1");

        Poll.until("3 in flight to each subscription", T, () -> receiver.count() == 6);
        assertThat(fixture.counts().get("in_flight")).isEqualTo(6);
        release.countDown();
        Poll.until("all 20 delivered", T, () -> fixture.counts().get("delivered") == 20);
        assertThat(receiver.maxConcurrent()).isEqualTo(6);
        assertThat(fixture.deliveries(s)).hasSize(10);
        assertThat(fixture.deliveries(other)).hasSize(10);
    }

    @Test
    void aStopWithAHungReceiverEndsWithinBudgetAndTheNextStartDeliversAtOnce() throws Exception {
        receiver.respondWith(r -> {
            await(release);
            return 200;
        });
        final Subscription s = fixture.subscribe(receiver.url(), "ledger.closed");
        fixture.events("ledger.closed", 4);
        // A retry would wait at least a minute: delivery after restart within the poll below is the release path.
        final WebhookConfig config = WebhookFixture.config(Map.of("initialBackoff", "1m", "maxBackoff", "1m",
                "requestTimeout", "1m"));
        fixture.start(config, "run-1");
        Poll.until("4 requests hanging at the receiver", T, () -> receiver.count() == 4);

        final Duration budget = Duration.ofMillis(800);
        final long start = System.nanoTime();
        final PhaseStep.Result result = fixture.jobs().stop(budget);
        final Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isLessThan(budget.plusMillis(500));
        assertThat(result.outcome()).as(result.detail()).isIn(PhaseOutcome.CLEAN, PhaseOutcome.TIMED_OUT);
        assertThat(fixture.deliveries(s)).hasSize(4).allSatisfy(d -> {
            assertThat(d.state()).isEqualTo("pending");
            assertThat(d.attempts()).as("a released attempt is not counted").isZero();
        });

        release.countDown();
        receiver.respondWith(r -> 200);
        fixture.start(config, "run-2");
        Poll.until("the 4 released deliveries sent by the next start", T,
                () -> fixture.counts().get("delivered") == 4);
        assertThat(receiver.received()).hasSize(8);
    }

    @Test
    void leasesLeftByARunThatDiedAreReleasedAtStart() throws Exception {
        final Subscription s = fixture.subscribe(receiver.url(), "ledger.closed");
        fixture.events("ledger.closed", 3);
        fixture.database.useTransaction(h -> {
            leasedFirstEvent(h, s, "killed-run");
            // What the start's PreviousShutdown.inspect records for a run that ended without a report.
            h.execute("INSERT INTO lifecycle_runs (run_id, pid, host, started_at, outcome) "
                    + "VALUES ('killed-run', 1, 'h', 'x', 'failed')");
        });
        fixture.start(WebhookFixture.config(Map.of()), "run-2");

        Poll.until("3 delivered, the leased one included", T, () -> fixture.counts().get("delivered") == 3);
        assertThat(receiver.received()).extracting(WebhookReceiver.Received::idempotencyKey).contains(s.id() + ":1");
    }

    @Test
    void leasesOfAnotherInstanceThatIsStillRunningAreLeftToIt() throws Exception {
        final Subscription s = fixture.subscribe(receiver.url(), "ledger.closed");
        fixture.events("ledger.closed", 3);
        fixture.database.useTransaction(h -> {
            leasedFirstEvent(h, s, "live-run");
            h.execute("INSERT INTO lifecycle_runs (run_id, pid, host, started_at) VALUES ('live-run', 1, 'h', 'x')");
        });
        fixture.start(WebhookFixture.config(Map.of()), "run-2");

        Poll.until("the 2 free ones delivered", T, () -> fixture.counts().get("delivered") == 2);
        assertThat(receiver.received()).extracting(WebhookReceiver.Received::idempotencyKey)
                .doesNotContain(s.id() + ":1");
        final String owner = fixture.database.jdbi().withHandle(h -> h.createQuery(
                "SELECT lease_owner FROM webhook_deliveries WHERE id = ?").bind(0, s.id() + ":1")
                .mapTo(String.class).one());
        assertThat(owner).isEqualTo("live-run");
    }

    @Test
    void theGuardRefusesAPrivateAddressAtConnectTimeEvenWhenTheUrlIsStored() throws Exception {
        final Subscription s = fixture.subscribe(receiver.url().replace("127.0.0.1", "localhost"), "ledger.closed");
        fixture.events("ledger.closed", 1);
        fixture.start(WebhookFixture.config(Map.of("allowPrivateTargets", false, "maxAttempts", 1)), "run-1");

        Poll.until("a dead letter", T, () -> fixture.counts().get("dead") == 1);
        assertThat(receiver.count()).isZero();
        assertThat(fixture.deliveries(s).get(0).lastError()).contains("resolves to a private or reserved address")
                .contains("refused").doesNotContain("127.0.0.1");
    }

    @Test
    void deliveredRowsAndDeadLettersPastTheirRetentionArePruned() throws Exception {
        final Subscription s = fixture.subscribe(receiver.url(), "ledger.closed");
        final long old = System.currentTimeMillis() - Duration.ofDays(8).toMillis();
        fixture.database.useTransaction(h -> {
            for (int i = 0; i < 2500; i++) {
                h.execute("INSERT INTO webhook_deliveries (id, subscription_id, event_sequence, event_type, body, "
                        + "status, attempts, next_attempt_ms, created_ms, updated_ms) VALUES (?, ?, ?, "
                        + "'ledger.closed', '{}', ?, 1, ?, ?, ?)", s.id() + ":" + (100_000 + i), s.id(), 100_000 + i,
                        i < 2490 ? "delivered" : "dead", old, old, i % 2 == 0 ? old : System.currentTimeMillis());
            }
        });
        fixture.start(WebhookFixture.config(Map.of("deliveredRetention", "7d", "deadLetterRetention", "7d")), "run-1");

        Poll.until("old delivered rows pruned", T, () -> fixture.counts().get("delivered") == 1245);
        // Dead letters used to be kept forever; the five that died eight days ago go, the five from now stay.
        Poll.until("old dead letters pruned", T, () -> fixture.counts().get("dead") == 5);
    }

    @Test
    void aSubscriptionWhoseReceiverKeepsFailingIsDisabledAfterThreeDaysAndSaysWhy() throws Exception {
        final io.ledgerlens.testsupport.MutableClock clock = new io.ledgerlens.testsupport.MutableClock(
                java.time.Instant.now());
        final Subscription failing = fixture.subscribe(receiver.url() + "/down", "ledger.closed");
        final Subscription healthy = fixture.subscribe(receiver.url() + "/up", "ledger.closed");
        receiver.respondWith(r -> r.idempotencyKey().startsWith(failing.id()) ? 500 : 200);
        fixture.events("ledger.closed", 1);
        fixture.start(WebhookFixture.config(Map.of()), "run-1", true, clock);

        Poll.until("a failed attempt and a delivery", T, () -> fixture.deliveries(failing).stream()
                .anyMatch(d -> d.attempts() >= 1) && fixture.counts().get("delivered") == 1);
        assertThat(subscription(failing).active()).isTrue();

        clock.advance(Duration.ofDays(3));
        Poll.until("disabled", T, () -> !subscription(failing).active());
        assertThat(subscription(failing).pausedReason()).isEqualTo("failing");
        assertThat(subscription(healthy).active()).isTrue();
        assertThat(fixture.metrics.meter("webhooks.auto_paused").getCount()).isEqualTo(1);
    }

    private Subscription subscription(Subscription s) {
        return fixture.database.jdbi().withHandle(h -> Subscriptions.find(h, s.id())).orElseThrow();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The first event's delivery, leased for an hour by {@code owner}, and the fan-out cursor past that event. */
    private static void leasedFirstEvent(org.jdbi.v3.core.Handle h, Subscription s, String owner) {
        final long now = System.currentTimeMillis();
        h.execute("INSERT INTO webhook_deliveries (id, subscription_id, event_sequence, event_type, body, status, "
                + "attempts, next_attempt_ms, lease_owner, lease_until_ms, created_ms, updated_ms) VALUES "
                + "(?, ?, 1, 'ledger.closed', '{}', 'pending', 0, ?, ?, ?, ?, ?)",
                s.id() + ":1", s.id(), now, owner, now + TimeUnit.HOURS.toMillis(1), now, now);
        h.execute("INSERT INTO cursors (name, position, updated_at) VALUES ('webhooks.fanout', '1', 'x')");
    }
}
