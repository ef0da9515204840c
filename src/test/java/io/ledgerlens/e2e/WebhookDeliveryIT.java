package io.ledgerlens.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlens.drill.WebhookReceiver;
import io.ledgerlens.testsupport.ChildJvm;
import io.ledgerlens.testsupport.HttpProbe;
import io.ledgerlens.testsupport.Poll;
import io.ledgerlens.webhooks.Signature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook guarantees across real stops of a real child JVM: the simulated network runs far ahead, so ledgers
 * (and their {@code ledger.closed} events) arrive in a burst while a real local receiver takes deliveries. After
 * the restart, every event after the subscription's start has reached the receiver at least once, and any event
 * received twice came with the same idempotency key and body.
 */
class WebhookDeliveryIT extends ChildServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PACE = Duration.ofMillis(20);
    private static final Duration T = Duration.ofSeconds(60);
    private WebhookReceiver receiver;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = WebhookReceiver.start();
        final Instant genesis = Instant.now().minus(Duration.ofSeconds(20)).truncatedTo(ChronoUnit.SECONDS);
        service.env("SIMULATED_PACE", PACE.toMillis() + "ms")
                .env("SIMULATED_GENESIS_TIME", genesis.toString())
                .env("INGEST_START", "1")
                .env("WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true")
                .env("WEBHOOKS_INITIAL_BACKOFF", "200ms");
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void sigtermDuringABurstLosesNoEvent() throws Exception {
        // Slow enough that deliveries are in flight when the signal arrives.
        receiver.respondWith(r -> pause(15));
        final Subscription sub = subscribeOnFreshStart();
        Poll.until("200 deliveries under way", T, () -> receiver.acknowledged().size() >= 200);

        service.jvm().signal("TERM");
        assertThat(service.jvm().waitForExit(service.totalBudget().plusSeconds(5))).isZero();
        final int beforeRestart = receiver.acknowledged().size();

        final JsonNode report = assertEveryEventDeliveredAfterRestart(sub);
        assertThat(report.get("outcome").asText()).isEqualTo("clean");
        assertThat(beforeRestart).isGreaterThan(0);
    }

    @Test
    void sigkillDuringABurstLosesNoEvent() throws Exception {
        // Slower than the backlog arrives, so that attempts are certainly in flight (leased) at the kill.
        receiver.respondWith(r -> pause(30));
        final Subscription sub = subscribeOnFreshStart();
        Poll.until("200 deliveries under way", T, () -> receiver.acknowledged().size() >= 200);

        service.jvm().signal("KILL");
        assertThat(service.jvm().waitForExit(Duration.ofSeconds(20))).isEqualTo(137);

        assertEveryEventDeliveredAfterRestart(sub);
        assertThat(service.log()).contains("left in flight by an earlier run are due again");
    }

    @Test
    void aHungReceiverDoesNotHoldUpTheStopAndItsDeliveriesAreRetriedAfterRestart() throws Exception {
        final CountDownLatch hang = new CountDownLatch(1);
        receiver.respondWith(r -> {
            try {
                hang.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 200;
        });
        final Subscription sub = subscribeOnFreshStart();
        Poll.until("16 requests hanging at the receiver", T, () -> receiver.count() >= 16);

        final ChildJvm jvm = service.jvm();
        jvm.signal("TERM");
        assertThat(jvm.waitForExit(service.totalBudget().plusSeconds(5))).isZero();
        assertThat(jvm.exitedAfterLastSignal()).isLessThan(service.totalBudget());
        assertThat(jvm.lines()).anySatisfy(l -> assertThat(l).contains("webhooks stopped: 16 attempt(s) in flight"));

        receiver.respondWith(r -> 200);
        hang.countDown();
        final JsonNode report = assertEveryEventDeliveredAfterRestart(sub);
        assertThat(report.get("facts").get("webhooksPending").asLong()).isGreaterThanOrEqualTo(16);
    }

    private record Subscription(String id, String secret, long startSequence) {
    }

    private Subscription subscribeOnFreshStart() throws Exception {
        service.startAndAwaitReady();
        final HttpResponse<String> created = HttpProbe.json("POST", service.app("/api/webhooks"),
                "{\"url\":\"" + receiver.url() + "\",\"eventTypes\":[\"ledger.closed\"]}", Duration.ofSeconds(10),
                "Authorization", "Bearer " + ServiceProcess.WEBHOOKS_TOKEN);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        final JsonNode body = JSON.readTree(created.body());
        final String id = body.get("id").asText();
        return new Subscription(id, body.get("secret").asText(), startSequenceOf(id));
    }

    /**
     * Restarts, lets the service deliver up to an event stored after the restart, stops it, then compares the
     * receiver's log with the events table. @return the shutdown report of the run before the restart
     */
    private JsonNode assertEveryEventDeliveredAfterRestart(Subscription sub) throws Exception {
        service.startAndAwaitReady();
        final JsonNode previous = service.reports(1).get(0);
        final long target = lastEventSequence() + 20;
        Poll.until("ledger.closed events past " + target + " acknowledged", T, () -> receiver.acknowledged().stream()
                .anyMatch(r -> sequenceOf(r) > target));
        final Set<Long> expected = ledgerEvents(sub.startSequence(), target);
        Poll.until("every ledger.closed event up to " + target + " acknowledged", T, () -> acknowledgedSequences()
                .containsAll(expected));
        service.jvm().signal("TERM");
        assertThat(service.jvm().waitForExit(service.totalBudget().plusSeconds(5))).isZero();

        assertThat(expected).hasSizeGreaterThan(100);
        final Map<Long, Set<String>> keysBySequence = new HashMap<>();
        final Map<Long, Set<String>> bodiesBySequence = new HashMap<>();
        for (WebhookReceiver.Received r : receiver.received()) {
            assertThat(Signature.verify(sub.secret(), r.signature(), r.body())).isTrue();
            keysBySequence.computeIfAbsent(sequenceOf(r), k -> new HashSet<>()).add(r.idempotencyKey());
            bodiesBySequence.computeIfAbsent(sequenceOf(r), k -> new HashSet<>()).add(r.body());
        }
        assertThat(keysBySequence).allSatisfy((seq, keys) -> assertThat(keys).containsExactly(sub.id() + ":" + seq));
        assertThat(bodiesBySequence).allSatisfy((seq, bodies) -> assertThat(bodies).hasSize(1));
        assertThat(keysBySequence.keySet()).allSatisfy(seq -> assertThat(seq).isGreaterThan(sub.startSequence()));
        return previous;
    }

    private Set<Long> acknowledgedSequences() {
        return receiver.acknowledged().stream().map(WebhookDeliveryIT::sequenceOf).collect(Collectors.toSet());
    }

    private static long sequenceOf(WebhookReceiver.Received r) {
        return Long.parseLong(r.idempotencyKey().substring(r.idempotencyKey().indexOf(':') + 1));
    }

    private long startSequenceOf(String id) throws Exception {
        return query("SELECT start_sequence FROM webhook_subscriptions WHERE id = '" + id + "'").get(0);
    }

    private long lastEventSequence() throws Exception {
        return query("SELECT COALESCE(MAX(sequence), 0) FROM events").get(0);
    }

    private Set<Long> ledgerEvents(long after, long upTo) throws Exception {
        return new TreeSet<>(query("SELECT sequence FROM events WHERE type = 'ledger.closed' AND sequence > " + after
                + " AND sequence <= " + upTo));
    }

    private List<Long> query(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ledgerlens.db"));
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            final List<Long> values = new java.util.ArrayList<>();
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
            return values;
        }
    }

    private static int pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 200;
    }
}
