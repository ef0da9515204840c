package io.ledgerlens.webhooks;

import com.codahale.metrics.MetricRegistry;
import io.ledgerlens.db.Database;
import io.ledgerlens.testsupport.TestStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A claim on PostgreSQL leaves out a row another transaction holds instead of waiting for it. Waiting is how two
 * instances deadlocked: each records its outcomes and claims new rows in one transaction, so one could hold a row
 * the other's claim waited for while waiting itself for a row that claim had already locked.
 */
class DeliveriesClaimPostgresTest {
    @TempDir
    Path dir;

    @Test
    void aClaimSkipsARowAnotherTransactionHoldsInsteadOfWaitingForIt() throws Exception {
        final Database database = Database.open(TestStore.POSTGRES.newFactory(dir), new MetricRegistry());
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = null;
        try {
            final Instant now = Instant.now();
            database.useTransaction(h -> {
                Subscriptions.insert(h, new Subscription("wh_00000000000000b1", "https://example.com/h",
                        List.of("ledger.closed"), "", "whsec_test", true, 0, now, now));
                Deliveries.insert(h, List.of(
                        new Deliveries.New("wh_00000000000000b1:1", "wh_00000000000000b1", 1L, "ledger.closed", "{}"),
                        new Deliveries.New("wh_00000000000000b1:2", "wh_00000000000000b1", 2L, "ledger.closed", "{}")),
                        now.toEpochMilli());
            });
            // Another instance recording the outcome of delivery 1, its transaction still open.
            holder = CompletableFuture.runAsync(() -> {
                try {
                    database.jdbi().useTransaction(h -> {
                        Deliveries.record(h, List.of(new Deliveries.Outcome("wh_00000000000000b1:1", false, false,
                                now.toEpochMilli() + 60_000, 500, "HTTP 500")), now.toEpochMilli());
                        holding.countDown();
                        release.await(30, TimeUnit.SECONDS);
                    });
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

            final CompletableFuture<Set<String>> claim = CompletableFuture.supplyAsync(() -> database.jdbi()
                    .inTransaction(h -> Deliveries.claim(h, List.of("wh_00000000000000b1:2", "wh_00000000000000b1:1"),
                            "run-b", now.toEpochMilli(), now.toEpochMilli() + 30_000)));
            assertThat(claim.get(5, TimeUnit.SECONDS)).as("claimed without waiting for the held row")
                    .containsExactly("wh_00000000000000b1:2");
        } finally {
            release.countDown();
            if (holder != null) {
                holder.get(10, TimeUnit.SECONDS);
            }
            database.stop(Duration.ofSeconds(2));
        }
    }
}
