package io.ledgerlens.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.ledgerlens.LedgerLensConfiguration;
import io.ledgerlens.drill.WebhookReceiver;
import io.ledgerlens.testsupport.HttpProbe;
import io.ledgerlens.testsupport.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A receiver that takes deliveries in and never answers, against the real application (the simulated network closing
 * a ledger a second): its subscription is paused at {@code webhooks.maxPendingPerSubscription} and the API says why.
 * Before the cap, such a subscription gained a pending delivery per event for as long as the service ran.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class WebhookOutboxBoundsApiTest {
    private static final Duration T = Duration.ofSeconds(20);
    private static final int CAP = 5;
    private static final String TOKEN = "webhooks-test-token";
    private static final InProcessApp RUNNING = InProcessApp.withRedis(
            ConfigOverride.config("auth.webhooksToken", TOKEN),
            ConfigOverride.config("webhooks.allowPrivateTargets", "true"),
            ConfigOverride.config("webhooks.maxPendingPerSubscription", Integer.toString(CAP)),
            ConfigOverride.config("webhooks.pollInterval", "50ms"));
    private static final DropwizardAppExtension<LedgerLensConfiguration> APP = RUNNING.extension;
    private static WebhookReceiver receiver;

    @BeforeAll
    static void startReceiver() throws Exception {
        receiver = WebhookReceiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.close();
        RUNNING.redis.close();
    }

    /** The receiver holds every delivery of {@code id} unanswered until the returned latch is counted down. */
    private static CountDownLatch hangDeliveriesOf(String id) {
        final CountDownLatch hang = new CountDownLatch(1);
        receiver.respondWith(r -> {
            if (r.idempotencyKey().startsWith(id)) {
                try {
                    hang.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return 200;
        });
        return hang;
    }

    @Test
    void aSubscriptionWhoseReceiverHangsIsPausedAtItsCapAndTheApiSaysWhy() throws Exception {
        final String id = create(receiver.url() + "/hanging", "ledger.closed");
        final CountDownLatch hang = hangDeliveriesOf(id);
        final JsonNode paused;
        try {
            paused = Poll.untilPresent("paused at the cap", T, () -> {
                final JsonNode s = read(call("GET", "/api/webhooks/" + id, null));
                return s.get("active").asBoolean() ? Optional.empty() : Optional.of(s);
            });
        } finally {
            hang.countDown();
            receiver.respondWith(r -> 200);
        }
        assertThat(paused.get("pausedReason").asText()).isEqualTo("backlog_cap");
        assertThat(paused.get("pausedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(paused.at("/deliveries/pending").asLong() + paused.at("/deliveries/in_flight").asLong())
                .isLessThanOrEqualTo(CAP);
        assertThat(call("GET", "/api/webhooks", null).body()).contains("\"pausedReason\":\"backlog_cap\"");
        assertThat(APP.getEnvironment().metrics().meter("webhooks.auto_paused").getCount()).isEqualTo(1);
        Poll.until("the paused gauge", T, () -> (Long) APP.getEnvironment().metrics().getGauges()
                .get("webhooks.paused.backlog_cap").getValue() == 1L);

        // Resumed: the reason goes, and it starts after the newest event, as any resumed subscription does.
        final JsonNode resumed = read(call("PATCH", "/api/webhooks/" + id, "{\"active\":true}"));
        assertThat(resumed.get("active").asBoolean()).isTrue();
        assertThat(resumed.get("pausedReason").isNull()).isTrue();
        assertThat(resumed.get("pausedAt").isNull()).isTrue();
        final JsonNode manual = read(call("PATCH", "/api/webhooks/" + id, "{\"active\":false}"));
        assertThat(manual.get("pausedReason").asText()).isEqualTo("manual");
        assertThat(manual.get("pausedAt").asText()).isEqualTo(manual.get("updatedAt").asText());
    }

    @Test
    void testDeliveriesPastTheCapAreRefusedWithAJsonError() throws Exception {
        // A rare event type, so that fan-out does not reach the cap (and pause it) before the test deliveries do.
        final String id = create(receiver.url() + "/tests", "asset.updated");
        final CountDownLatch hang = hangDeliveriesOf(id);
        try {
            final HttpResponse<String> refused = Poll.untilPresent("a refused test delivery", T, () -> {
                final HttpResponse<String> r = call("POST", "/api/webhooks/" + id + "/test", null);
                return r.statusCode() == 202 ? Optional.empty() : Optional.of(r);
            });
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
            assertThat(read(refused).get("message").asText()).contains("webhooks.maxPendingPerSubscription");
        } finally {
            hang.countDown();
            receiver.respondWith(r -> 200);
        }
    }

    private static String create(String url, String type) {
        final HttpResponse<String> created = call("POST", "/api/webhooks", "{\"url\":\"" + url
                + "\",\"eventTypes\":[\"" + type + "\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return read(created).get("id").asText();
    }

    static HttpResponse<String> call(String method, String path, String body) {
        return HttpProbe.json(method, RUNNING.app(path), body, T, "Authorization", "Bearer " + TOKEN);
    }

    static JsonNode read(HttpResponse<String> response) {
        return WebhooksApiTest.read(response);
    }
}
