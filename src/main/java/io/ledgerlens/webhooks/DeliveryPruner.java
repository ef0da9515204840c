package io.ledgerlens.webhooks;

import io.ledgerlens.db.Database;
import io.ledgerlens.lifecycle.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * Deletes delivered rows past {@code webhooks.deliveredRetention}, at most every ten minutes, a batch per
 * transaction so that no other writer waits long behind it. Dead letters are kept for the operator.
 */
final class DeliveryPruner {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryPruner.class);
    static final Duration EVERY = Duration.ofMinutes(10);
    static final int BATCH = 1000;

    private final Database database;
    private final Duration retention;
    private final Clock clock;
    private final Ticker ticker;
    private long nextNanos;

    DeliveryPruner(Database database, Duration retention, Clock clock, Ticker ticker) {
        this.database = database;
        this.retention = retention;
        this.clock = clock;
        this.ticker = ticker;
        this.nextNanos = ticker.nanos();
    }

    void pruneWhenDue() throws InterruptedException {
        if (ticker.nanos() - nextNanos < 0) {
            return;
        }
        final long cutoff = clock.millis() - retention.toMillis();
        int pruned = 0;
        int batch;
        do {
            batch = database.inTransaction(h -> Deliveries.pruneDelivered(h, cutoff, BATCH));
            pruned += batch;
        } while (batch == BATCH);
        if (pruned > 0) {
            LOG.info("webhooks: {} delivered rows older than {} pruned", pruned, retention);
        }
        nextNanos = ticker.nanos() + EVERY.toNanos();
    }
}
