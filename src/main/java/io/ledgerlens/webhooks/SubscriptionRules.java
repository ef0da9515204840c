package io.ledgerlens.webhooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlens.db.Database;
import io.ledgerlens.events.EventLog;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What may be done to webhook subscriptions and their deliveries, apart from HTTP: the subscription limit, the
 * target checks, where a new or resumed subscription starts in the event log, test deliveries, and waking the
 * dispatcher after a change it should see at once. The API maps {@link Refused} to its status.
 */
public final class SubscriptionRules {
    private static final Duration RESOLVE_TIMEOUT = Duration.ofSeconds(3);

    /** Why a request is refused; the API answers 400, 404 or 409 with the message. */
    public static final class Refused extends RuntimeException {
        public enum Kind { INVALID, NOT_FOUND, CONFLICT }

        private final Kind kind;

        Refused(Kind kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }

    /** A new subscription, or the fields of one to change ({@code null}: unchanged). */
    public record Changes(String url, List<String> eventTypes, String description, Boolean active) {
    }

    private final Database database;
    private final WebhookConfig config;
    private final TargetGuard guard;
    private final Runnable wakeDispatcher;
    private final ObjectMapper json;
    private final Clock clock;

    public SubscriptionRules(Database database, WebhookConfig config, TargetGuard guard, Runnable wakeDispatcher,
                             ObjectMapper json, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.config = Objects.requireNonNull(config, "config");
        this.guard = Objects.requireNonNull(guard, "guard");
        this.wakeDispatcher = Objects.requireNonNull(wakeDispatcher, "wakeDispatcher");
        this.json = Objects.requireNonNull(json, "json");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @return the subscription with its signing secret, which is shown this once */
    public Subscription create(Changes request) throws Exception {
        final String url = checkedUrl(Objects.requireNonNull(request.url(), "url"));
        final Instant now = clock.instant();
        // Starts after the newest event: a subscriber gets what happens from now on, not the history.
        return database.inTransaction(h -> {
            if (Subscriptions.count(h) >= config.maxSubscriptions()) {
                throw new Refused(Refused.Kind.CONFLICT, "there are already " + config.maxSubscriptions()
                        + " subscriptions, the most webhooks.maxSubscriptions allows; delete one first");
            }
            final Subscription s = new Subscription(Secrets.subscriptionId(), url, request.eventTypes(),
                    request.description() == null ? "" : request.description(), Secrets.signingSecret(),
                    request.active() == null || request.active(), EventLog.lastSequence(h), now, now);
            Subscriptions.insert(h, s);
            return s;
        });
    }

    public List<Subscription> all() {
        return database.jdbi().withHandle(Subscriptions::all);
    }

    public Subscription find(String id) {
        return database.jdbi().withHandle(h -> Subscriptions.find(h, id)).orElseThrow(() -> notFound(id));
    }

    public Map<String, Long> deliveryCounts(Subscription s) {
        return database.jdbi().withHandle(h -> Deliveries.counts(h, s.id(), clock.millis()));
    }

    public Subscription update(String id, Changes changes) throws Exception {
        final String url = changes.url() == null ? null : checkedUrl(changes.url());
        final Subscription updated = database.inTransaction(h -> {
            // Locked: a pause by fan-out at the same moment is seen, not overwritten with what was read before it.
            final Subscription before = Subscriptions.findForUpdate(h, id).orElseThrow(() -> notFound(id));
            Subscription after = before.withChanges(url, changes.eventTypes(), changes.description(),
                    changes.active(), clock.instant());
            // Resumed: it does not get what happened while it was paused.
            if (after.active() && !before.active()) {
                after = after.startingAfter(EventLog.lastSequence(h));
            }
            Subscriptions.update(h, after);
            return after;
        });
        wakeDispatcher.run();
        return updated;
    }

    /**
     * @return a new signing secret, shown this once. Attempts already under way were signed with the old one, so
     * a receiver accepts both for {@code webhooks.requestTimeout} after rotating.
     */
    public String rotateSecret(String id) throws Exception {
        final String secret = Secrets.signingSecret();
        if (!database.inTransaction(h -> Subscriptions.updateSecret(h, id, secret, clock.instant()))) {
            throw notFound(id);
        }
        return secret;
    }

    public void delete(String id) throws Exception {
        if (!database.inTransaction(h -> Subscriptions.delete(h, id))) {
            throw notFound(id);
        }
    }

    /** Queues a {@code webhook.test} delivery, outside the event log, with the body every delivery has. */
    public Delivery queueTest(String id) throws Exception {
        final Subscription s = find(id);
        if (!s.active()) {
            throw new Refused(Refused.Kind.CONFLICT, "subscription " + id + " is paused; set active to true to send "
                    + "to it");
        }
        final Instant now = clock.instant();
        final String deliveryId = s.id() + ":test-" + now.toEpochMilli() + "-" + Secrets.suffix();
        final String body = DeliveryBody.of(json, deliveryId, EventTypes.TEST, null, s.id(), now,
                json.createObjectNode().put("message", "test delivery from LedgerLens"));
        database.useTransaction(h -> {
            // Test deliveries count towards the cap too: the API cannot grow the outbox past it either.
            if (Deliveries.pendingBySubscription(h, List.of(s.id())).getOrDefault(s.id(), 0L)
                    >= config.maxPendingPerSubscription()) {
                throw new Refused(Refused.Kind.CONFLICT, "subscription " + id + " already has "
                        + config.maxPendingPerSubscription() + " pending deliveries, the most "
                        + "webhooks.maxPendingPerSubscription allows");
            }
            Deliveries.insert(h, List.of(new Deliveries.New(deliveryId, s.id(), null, EventTypes.TEST, body)),
                    now.toEpochMilli());
        });
        wakeDispatcher.run();
        return database.jdbi().withHandle(h -> Deliveries.find(h, s.id(), deliveryId, clock.millis())).orElseThrow();
    }

    public List<Delivery> deliveries(Subscription s, String state, Deliveries.Cursor before, int limit) {
        return database.jdbi().withHandle(h -> Deliveries.list(h, s.id(), state, before, limit, clock.millis()));
    }

    public Delivery delivery(Subscription s, String deliveryId) {
        return database.jdbi().withHandle(h -> Deliveries.find(h, s.id(), deliveryId, clock.millis()))
                .orElseThrow(() -> new Refused(Refused.Kind.NOT_FOUND, "subscription " + s.id() + " has no delivery "
                        + deliveryId));
    }

    /** @return how many dead deliveries were put back in the queue */
    public int requeueDead(String id) throws Exception {
        final Subscription s = find(id);
        final int requeued = database.inTransaction(h -> Deliveries.requeueDead(h, s.id(), clock.millis()));
        wakeDispatcher.run();
        return requeued;
    }

    private String checkedUrl(String url) {
        try {
            final URI uri = guard.checkUrl(url);
            guard.checkResolved(uri, RESOLVE_TIMEOUT);
            return uri.toString();
        } catch (IllegalArgumentException e) {
            throw new Refused(Refused.Kind.INVALID, e.getMessage());
        }
    }

    private static Refused notFound(String id) {
        return new Refused(Refused.Kind.NOT_FOUND, "no webhook subscription " + id);
    }
}
