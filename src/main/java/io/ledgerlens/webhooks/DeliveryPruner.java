package io.ledgerlens.webhooks;

import io.ledgerlens.db.Database;
import io.ledgerlens.lifecycle.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * Deletes delivered rows past {@code webhooks.deliveredRetention} and dead letters past
 * {@code webhooks.deadLetterRetention}, at most every ten minutes, a batch per transaction so that no other writer
 * waits long behind it. It runs with the fan-out (singleton work, fenced) whenever webhooks run, whether or not the
 * retention job is enabled: the outbox is bounded on its own.
 */
final class DeliveryPruner {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryPruner.class);
    static final Duration EVERY = Duration.ofMinutes(10);
    static final int BATCH = 1000;

    private final Database database;
    private final Duration retention;
    private final Duration deadRetention;
    private final Clock clock;
    private final Ticker ticker;
    private long nextNanos;

    DeliveryPruner(Database database, Duration retention, Duration deadRetention, Clock clock, Ticker ticker) {
        this.database = database;
        this.retention = retention;
        this.deadRetention = deadRetention;
        this.clock = clock;
        this.ticker = ticker;
        this.nextNanos = ticker.nanos();
    }

    void pruneWhenDue() throws InterruptedException {
        if (ticker.nanos() - nextNanos < 0) {
            return;
        }
        final long now = clock.millis();
        final int delivered = prune(now - retention.toMillis(), false);
        if (delivered > 0) {
            LOG.info("webhooks: {} delivered rows older than {} pruned", delivered, retention);
        }
        final int dead = prune(now - deadRetention.toMillis(), true);
        if (dead > 0) {
            LOG.info("webhooks: {} dead letters older than {} pruned (webhooks.deadLetterRetention)", dead,
                    deadRetention);
        }
        nextNanos = ticker.nanos() + EVERY.toNanos();
    }

    private int prune(long cutoffMs, boolean dead) throws InterruptedException {
        int pruned = 0;
        int batch;
        do {
            batch = database.inTransaction(h -> dead ? Deliveries.pruneDead(h, cutoffMs, BATCH)
                    : Deliveries.pruneDelivered(h, cutoffMs, BATCH));
            pruned += batch;
        } while (batch == BATCH);
        return pruned;
    }
}
