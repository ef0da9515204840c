package io.ledgerlens.webhooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlens.db.Cursors;
import io.ledgerlens.db.Database;
import io.ledgerlens.events.EventLog;
import io.ledgerlens.events.StoredEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The outbox step: events past the {@code webhooks.fanout} cursor become one delivery per subscription that
 * wants them, and the cursor moves past them, in one transaction. An event is therefore fanned out exactly once,
 * whatever stops the process; deliveries then carry the body they will send on every attempt.
 *
 * <p>A subscription gets at most {@code webhooks.maxPendingPerSubscription} pending deliveries: when an event would
 * make one more, it is paused instead (reason {@code backlog_cap}) in the same transaction, and that event and every
 * later one are not delivered to it. Resuming it starts after the newest event, as for any paused subscription.
 */
final class Fanout {
    static final String CURSOR = "webhooks.fanout";

    private final Database database;
    private final ObjectMapper json;
    private final Clock clock;
    private final int batch;
    private final OutboxBounds bounds;

    Fanout(Database database, ObjectMapper json, Clock clock, int batch, OutboxBounds bounds) {
        this.database = database;
        this.json = json;
        this.clock = clock;
        this.batch = batch;
        this.bounds = bounds;
    }

    /** @return deliveries created; 0 when there was nothing to do (no write is made then) */
    int run() throws InterruptedException {
        final List<Subscription> subscriptions = database.jdbi().withHandle(Subscriptions::active);
        if (subscriptions.isEmpty()) {
            return 0;
        }
        // Nothing before the oldest subscription's start concerns anyone: skip it rather than scan it.
        final long oldestStart = subscriptions.stream().mapToLong(Subscription::startSequence).min().orElseThrow();
        final long cursor = database.jdbi().withHandle(h -> Cursors.get(h, CURSOR)).map(Long::parseLong).orElse(0L);
        final long from = Math.max(cursor, oldestStart);
        final List<StoredEvent> events = database.jdbi().withHandle(h -> EventLog.after(h, from, batch));
        if (events.isEmpty()) {
            return 0;
        }
        final List<String> concerned = subscriptions.stream()
                .filter(s -> events.stream().anyMatch(e -> e.sequence() > s.startSequence() && s.wants(e.type())))
                .map(Subscription::id).toList();
        final Map<String, Long> pending = new HashMap<>(
                database.jdbi().withHandle(h -> Deliveries.pendingBySubscription(h, concerned)));
        final TreeSet<String> capped = new TreeSet<>();
        final List<Deliveries.New> deliveries = new ArrayList<>();
        for (StoredEvent event : events) {
            for (Subscription s : subscriptions) {
                if (event.sequence() > s.startSequence() && s.wants(event.type()) && !capped.contains(s.id())) {
                    if (pending.getOrDefault(s.id(), 0L) >= bounds.maxPending()) {
                        capped.add(s.id());
                        continue;
                    }
                    pending.merge(s.id(), 1L, Long::sum);
                    final String id = s.id() + ":" + event.sequence();
                    deliveries.add(new Deliveries.New(id, s.id(), event.sequence(), event.type(), body(id, event)));
                }
            }
        }
        final long last = events.get(events.size() - 1).sequence();
        final List<String> paused = new ArrayList<>();
        database.useTransaction(h -> {
            // Under the write lock: the cursor may not have moved since it was read (one dispatcher per database).
            final long now = Cursors.get(h, CURSOR).map(Long::parseLong).orElse(0L);
            if (now != cursor) {
                throw new IllegalStateException("webhooks.fanout cursor moved from " + cursor + " to " + now
                        + " under this dispatcher: is a second one running on this database?");
            }
            Deliveries.insert(h, deliveries, clock.millis());
            Cursors.put(h, CURSOR, Long.toString(last), clock.instant());
            for (String id : capped) {
                if (Subscriptions.pause(h, id, Subscription.BACKLOG_CAP, clock.instant())) {
                    paused.add(id);
                }
            }
        });
        paused.forEach(id -> bounds.pausedBy(id, Subscription.BACKLOG_CAP));
        return deliveries.size();
    }

    /** The JSON a receiver gets; {@code id} is also the Idempotency-Key header. */
    String body(String deliveryId, StoredEvent event) {
        try {
            return DeliveryBody.of(json, deliveryId, event.type(), event.sequence(), event.subject(),
                    event.createdAt(), json.readTree(event.payload()));
        } catch (IOException e) {
            throw new UncheckedIOException("event " + event.sequence() + " has a payload that is not JSON", e);
        }
    }
}
