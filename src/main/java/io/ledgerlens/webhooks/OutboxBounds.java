package io.ledgerlens.webhooks;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.ledgerlens.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The limits that keep the outbox from growing without end, apart from pruning: a subscription at
 * {@code webhooks.maxPendingPerSubscription} pending deliveries is paused by fan-out (reason {@code backlog_cap}),
 * and one whose attempts have all failed for {@code webhooks.disableFailingAfter} is disabled (reason
 * {@code failing}), as Stripe disables an endpoint. Either way it stays paused until resumed through the API, and
 * says why; {@code webhooks.auto_paused} counts these pauses and each is logged at WARN with the subscription.
 */
final class OutboxBounds {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxBounds.class);

    private final Database database;
    private final Clock clock;
    private final int maxPending;
    private final Duration failingFor;
    private final Meter autoPaused;

    OutboxBounds(Database database, WebhookConfig config, Clock clock, MetricRegistry metrics) {
        this.database = database;
        this.clock = clock;
        this.maxPending = config.maxPendingPerSubscription();
        this.failingFor = config.disableFailingAfter();
        this.autoPaused = metrics.meter("webhooks.auto_paused");
    }

    int maxPending() {
        return maxPending;
    }

    /** Disables the subscriptions that have failed for too long; @return how many. Singleton work (fenced). */
    int disableFailing() throws InterruptedException {
        final Instant now = clock.instant();
        final long cutoff = now.toEpochMilli() - failingFor.toMillis();
        final List<String> failing = database.jdbi().withHandle(h -> Subscriptions.failingSince(h, cutoff));
        if (failing.isEmpty()) {
            return 0;
        }
        final List<String> paused = database.inTransaction(h -> failing.stream()
                .filter(id -> Subscriptions.pause(h, id, Subscription.FAILING, now)).toList());
        paused.forEach(id -> pausedBy(id, Subscription.FAILING));
        return paused.size();
    }

    /** Counts and logs a pause that has committed. */
    void pausedBy(String subscriptionId, String reason) {
        autoPaused.mark();
        if (Subscription.BACKLOG_CAP.equals(reason)) {
            LOG.warn("webhooks: subscription {} paused (reason {}): {} deliveries are pending, the most "
                    + "webhooks.maxPendingPerSubscription allows; events from now on are not delivered to it until "
                    + "it is resumed (PATCH active=true)", subscriptionId, reason, maxPending);
        } else {
            LOG.warn("webhooks: subscription {} disabled (reason {}): no attempt has succeeded for {} (webhooks."
                    + "disableFailingAfter); resume it with PATCH active=true once its endpoint works",
                    subscriptionId, reason, readable(failingFor));
        }
    }

    /** 3d, 36h or 90m rather than PT72H. */
    static String readable(Duration d) {
        if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
            return d.toDays() + "d";
        }
        if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) {
            return d.toHours() + "h";
        }
        return d.toMinutes() + "m";
    }
}
