package io.ledgerlens.webhooks;

import com.codahale.metrics.MetricRegistry;
import io.ledgerlens.db.Database;
import io.ledgerlens.events.EventLog;
import io.ledgerlens.lifecycle.Ticker;
import io.ledgerlens.testsupport.MutableClock;
import io.ledgerlens.testsupport.TestDatabases;
import io.ledgerlens.testsupport.TestStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The outbox's bounds on a real store, with a clock the test moves: a subscription whose receiver never answers
 * cannot pile up more than {@code maxPendingPerSubscription} deliveries, one that has failed for
 * {@code disableFailingAfter} is disabled, and dead letters go after {@code deadLetterRetention}. Before these
 * bounds, fan-out gave such a subscription a delivery for every event forever, and dead letters were never deleted.
 */
abstract class OutboxBoundsContract {
    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

    abstract TestStore store();

    @TempDir
    Path dir;
    Database db;
    MutableClock clock;
    MetricRegistry metrics;

    @BeforeEach
    void open() throws Exception {
        db = TestDatabases.open(store(), dir);
        clock = new MutableClock(T0);
        metrics = new MetricRegistry();
    }

    @AfterEach
    void close() throws Exception {
        db.stop(Duration.ofSeconds(1));
    }

    @Test
    void fanoutPausesASubscriptionAtItsCapInsteadOfGivingItMore() throws Exception {
        final Subscription stuck = subscribe("wh_00000000000000c1");
        final Subscription other = subscribe("wh_00000000000000c2");
        final Fanout fanout = fanout(Map.of("maxPendingPerSubscription", 5));
        events(3);
        fanout.run();
        // The other subscription's receiver answers: only pending deliveries count towards the cap.
        deliverAll(other);

        events(4);
        clock.advance(Duration.ofMinutes(1));
        fanout.run();
        deliverAll(other);

        assertThat(pending(stuck)).isEqualTo(5);
        final Subscription paused = find(stuck);
        assertThat(paused.active()).isFalse();
        assertThat(paused.pausedReason()).isEqualTo("backlog_cap");
        assertThat(paused.pausedAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        assertThat(find(other).active()).isTrue();
        assertThat(metrics.meter("webhooks.auto_paused").getCount()).isEqualTo(1);
        assertThat(db.jdbi().withHandle(Subscriptions::pausedByReason)).containsExactly(Map.entry("backlog_cap", 1L));

        // Paused, it gets nothing more, however many events follow; the other one gets every event.
        events(4);
        fanout.run();
        deliverAll(other);
        events(4);
        fanout.run();
        assertThat(pending(stuck)).isEqualTo(5);
        assertThat(rows(stuck)).isEqualTo(5);
        assertThat(rows(other)).isEqualTo(15);
        assertThat(pending(other)).isEqualTo(4);
        assertThat(find(other).pausedReason()).as("under its cap: still active").isNull();
        assertThat(metrics.meter("webhooks.auto_paused").getCount()).isEqualTo(1);
    }

    @Test
    void resumingClearsTheReasonAndStartsAfterTheNewestEvent() throws Exception {
        final Subscription stuck = subscribe("wh_00000000000000c3");
        final Fanout fanout = fanout(Map.of("maxPendingPerSubscription", 2));
        events(3);
        fanout.run();
        assertThat(find(stuck).pausedReason()).isEqualTo("backlog_cap");
        events(2);
        fanout.run();

        final Subscription resumed = rules(Map.of()).update(stuck.id(),
                new SubscriptionRules.Changes(null, null, null, true));
        assertThat(resumed.active()).isTrue();
        assertThat(resumed.pausedReason()).isNull();
        assertThat(resumed.pausedAt()).isNull();
        assertThat(find(stuck).startSequence()).isEqualTo(5);
        // Pausing by hand says so.
        final Subscription manual = rules(Map.of()).update(stuck.id(),
                new SubscriptionRules.Changes(null, null, null, false));
        assertThat(manual.pausedReason()).isEqualTo("manual");
        assertThat(find(stuck).pausedAt()).isEqualTo(T0);
    }

    @Test
    void testDeliveriesCannotGrowTheOutboxPastTheCapEither() throws Exception {
        final Subscription s = subscribe("wh_00000000000000c4");
        final SubscriptionRules rules = rules(Map.of("maxPendingPerSubscription", 2));
        rules.queueTest(s.id());
        clock.advance(Duration.ofMillis(1));
        rules.queueTest(s.id());
        assertThatThrownBy(() -> rules.queueTest(s.id())).isInstanceOf(SubscriptionRules.Refused.class)
                .hasMessageContaining("already has 2 pending deliveries");
        assertThat(pending(s)).isEqualTo(2);
    }

    @Test
    void aSubscriptionFailingForThreeDaysIsDisabledAndASuccessStartsTheCountAgain() throws Exception {
        final Subscription failing = subscribe("wh_00000000000000d1");
        final Subscription healthy = subscribe("wh_00000000000000d2");
        final OutboxBounds bounds = new OutboxBounds(db, config(Map.of()), clock, metrics);
        attempts(Set.of(), Set.of(failing.id(), healthy.id()));

        clock.advance(Duration.ofDays(1));
        attempts(Set.of(healthy.id()), Set.of());
        clock.advance(Duration.ofDays(1));
        // Failing again, from now: the first failure after the success counts, not the one two days ago.
        attempts(Set.of(), Set.of(failing.id(), healthy.id()));
        attempts(Set.of(), Set.of(failing.id(), healthy.id()));

        clock.advance(Duration.ofDays(1).minusMinutes(1));
        assertThat(bounds.disableFailing()).isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(bounds.disableFailing()).isEqualTo(1);

        final Subscription disabled = find(failing);
        assertThat(disabled.active()).isFalse();
        assertThat(disabled.pausedReason()).isEqualTo("failing");
        assertThat(disabled.pausedAt()).isEqualTo(T0.plus(Duration.ofDays(3)));
        assertThat(find(healthy).active()).isTrue();
        assertThat(metrics.meter("webhooks.auto_paused").getCount()).isEqualTo(1);
        assertThat(bounds.disableFailing()).as("once").isZero();

        // Resumed, it gets a fresh three days.
        rules(Map.of()).update(failing.id(), new SubscriptionRules.Changes(null, null, null, true));
        attempts(Set.of(healthy.id()), Set.of());
        clock.advance(Duration.ofDays(4));
        assertThat(bounds.disableFailing()).isZero();
        assertThat(find(failing).active()).isTrue();
    }

    @Test
    void deadLettersPastTheirRetentionArePrunedAndTheRestStays() throws Exception {
        final Subscription s = subscribe("wh_00000000000000e1");
        db.useTransaction(h -> {
            Deliveries.insert(h, List.of(delivery(s, 1), delivery(s, 2), delivery(s, 3), delivery(s, 4)),
                    clock.millis());
            Deliveries.record(h, List.of(outcome(s, 1, true), outcome(s, 2, false)), clock.millis());
        });
        clock.advance(Duration.ofDays(6));
        db.useTransaction(h -> Deliveries.record(h, List.of(outcome(s, 3, true)), clock.millis()));
        clock.advance(Duration.ofDays(1).plusMillis(1));

        new DeliveryPruner(db, Duration.ofDays(30), Duration.ofDays(7), clock, Ticker.SYSTEM).pruneWhenDue();

        final List<Delivery> left = db.jdbi().withHandle(h -> Deliveries.list(h, s.id(), null, null, 10,
                clock.millis()));
        assertThat(left).extracting(Delivery::id)
                .containsExactlyInAnyOrder(s.id() + ":2", s.id() + ":3", s.id() + ":4");
    }

    private Subscription subscribe(String id) throws Exception {
        final long start = db.jdbi().withHandle(EventLog::lastSequence);
        final Subscription s = new Subscription(id, "https://example.com/" + id, List.of("ledger.closed"), "",
                "whsec_test", true, start, T0, T0);
        db.useTransaction(h -> Subscriptions.insert(h, s));
        return s;
    }

    private void events(int count) throws Exception {
        db.useTransaction(h -> {
            for (int i = 0; i < count; i++) {
                EventLog.append(h, "ledger.closed", "s" + i, "{\"n\":" + i + "}", clock.instant());
            }
        });
    }

    private void attempts(Set<String> succeeded, Set<String> failed) throws Exception {
        db.useTransaction(h -> Subscriptions.recordAttempts(h, succeeded, failed, clock.millis()));
    }

    private static WebhookConfig config(Map<String, Object> overrides) {
        return WebhookFixture.config(overrides);
    }

    private Fanout fanout(Map<String, Object> overrides) {
        final WebhookConfig config = config(overrides);
        return new Fanout(db, WebhookFixture.JSON, clock, config.fanoutBatch(),
                new OutboxBounds(db, config, clock, metrics));
    }

    private SubscriptionRules rules(Map<String, Object> overrides) {
        final WebhookConfig config = config(overrides);
        return new SubscriptionRules(db, config, new TargetGuard(true), () -> { }, WebhookFixture.JSON, clock);
    }

    private Subscription find(Subscription s) {
        return db.jdbi().withHandle(h -> Subscriptions.find(h, s.id())).orElseThrow();
    }

    private long pending(Subscription s) {
        return db.jdbi().withHandle(h -> Deliveries.pendingBySubscription(h, List.of(s.id())))
                .getOrDefault(s.id(), 0L);
    }

    private long rows(Subscription s) {
        return db.jdbi().withHandle(h -> Deliveries.counts(h, s.id(), clock.millis())).values().stream()
                .mapToLong(Long::longValue).sum();
    }

    private void deliverAll(Subscription s) throws Exception {
        db.useTransaction(h -> Deliveries.record(h, Deliveries.list(h, s.id(), "pending", null, 200, clock.millis())
                .stream().map(d -> new Deliveries.Outcome(d.id(), true, false, clock.millis(), 200, null)).toList(),
                clock.millis()));
    }

    private static Deliveries.New delivery(Subscription s, long sequence) {
        return new Deliveries.New(s.id() + ":" + sequence, s.id(), sequence, "ledger.closed", "{}");
    }

    private Deliveries.Outcome outcome(Subscription s, long sequence, boolean dead) {
        return new Deliveries.Outcome(s.id() + ":" + sequence, !dead, dead, clock.millis(), dead ? 500 : 200,
                dead ? "HTTP 500" : null);
    }
}
