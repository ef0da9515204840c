package io.ledgerlens.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.ledgerlens.LedgerLensConfiguration;
import io.ledgerlens.drill.WebhookReceiver;
import io.ledgerlens.testsupport.HttpProbe;
import io.ledgerlens.testsupport.Poll;
import io.ledgerlens.webhooks.Signature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/webhooks} over the real application (real Jetty, SQLite, redis-server, the simulated network closing a
 * ledger a second) delivering to a real local receiver.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class WebhooksApiTest {
    private static final Duration T = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = Jackson.newObjectMapper();
    private static final String TOKEN = "webhooks-test-token";
    private static final InProcessApp RUNNING = InProcessApp.withRedis(
            ConfigOverride.config("auth.webhooksToken", TOKEN),
            ConfigOverride.config("webhooks.allowPrivateTargets", "true"),
            ConfigOverride.config("webhooks.initialBackoff", "50ms"),
            ConfigOverride.config("webhooks.maxBackoff", "100ms"),
            ConfigOverride.config("webhooks.maxAttempts", "2"),
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

    @Test
    void createReturnsTheSecretOnceAndTheSubscriptionGetsLiveEventsSignedWithIt() throws Exception {
        final HttpResponse<String> created = call("POST", "/api/webhooks", "{\"url\":\"" + receiver.url()
                + "/live\",\"eventTypes\":[\"ledger.closed\"],\"description\":\"live\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        final JsonNode body = JSON.readTree(created.body());
        final String id = body.get("id").asText();
        final String secret = body.get("secret").asText();
        assertThat(id).matches("wh_[0-9a-f]{16}");
        assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(40);
        assertThat(created.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith(id));

        final JsonNode fetched = JSON.readTree(call("GET", "/api/webhooks/" + id, null).body());
        assertThat(fetched.has("secret")).isFalse();
        assertThat(fetched.get("eventTypes").toString()).isEqualTo("[\"ledger.closed\"]");
        assertThat(fetched.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(call("GET", "/api/webhooks", null).body()).contains(id).doesNotContain(secret);

        Poll.until("two ledger.closed deliveries", T, () -> receiver.acknowledged().stream()
                .filter(r -> r.idempotencyKey().startsWith(id)).count() >= 2);
        final WebhookReceiver.Received first = receiver.acknowledged().stream()
                .filter(r -> r.idempotencyKey().startsWith(id)).findFirst().orElseThrow();
        assertThat(first.eventType()).isEqualTo("ledger.closed");
        assertThat(Signature.verify(secret, first.signature(), first.body())).isTrue();
        Poll.until("deliveries listed as delivered", T, () -> {
            final JsonNode page = read(call("GET", "/api/webhooks/" + id + "/deliveries?state=delivered", null));
            return page.get("records").size() >= 2
                    && page.get("records").get(0).get("state").asText().equals("delivered");
        });
        assertThat(read(call("GET", "/api/webhooks/" + id, null)).get("deliveries").get("delivered").asLong())
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void aTestEventIsQueuedThenDeliveredAndVisibleAsADelivery() throws Exception {
        final String id = create(receiver.url() + "/test", "pool.updated");
        final HttpResponse<String> queued = call("POST", "/api/webhooks/" + id + "/test", null);
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        final String deliveryId = read(queued).get("id").asText();
        assertThat(deliveryId).startsWith(id + ":test-");

        Poll.until("the test delivery done", T, () -> read(call("GET", "/api/webhooks/" + id + "/deliveries/"
                + deliveryId, null)).get("state").asText().equals("delivered"));
        assertThat(receiver.acknowledged()).anySatisfy(r -> {
            assertThat(r.idempotencyKey()).isEqualTo(deliveryId);
            assertThat(r.eventType()).isEqualTo("webhook.test");
            // The shape of every delivery body, with no sequence: a test is not in the event log.
            final JsonNode body = JSON.readTree(r.body());
            assertThat(body.fieldNames()).toIterable()
                    .containsExactly("id", "type", "sequence", "subject", "createdAt", "data");
            assertThat(body.get("id").asText()).isEqualTo(deliveryId);
            assertThat(body.get("sequence").isNull()).isTrue();
            assertThat(body.get("subject").asText()).isEqualTo(id);
            assertThat(body.at("/data/message").asText()).isEqualTo("test delivery from LedgerLens");
        });
    }

    @Test
    void aRotatedSecretSignsWhatIsSentAfterIt() throws Exception {
        final HttpResponse<String> created = call("POST", "/api/webhooks", "{\"url\":\"" + receiver.url()
                + "/rotated\",\"eventTypes\":[\"asset.updated\"]}");
        final String id = read(created).get("id").asText();
        final String oldSecret = read(created).get("secret").asText();
        final JsonNode rotated = read(call("POST", "/api/webhooks/" + id + "/rotate-secret", null));
        final String newSecret = rotated.get("secret").asText();
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
        assertThat(call("GET", "/api/webhooks/" + id, null).body()).doesNotContain(newSecret);
        assertThat(call("POST", "/api/webhooks/wh_0000000000000000/rotate-secret", null).statusCode()).isEqualTo(404);

        final String deliveryId = read(call("POST", "/api/webhooks/" + id + "/test", null)).get("id").asText();
        final WebhookReceiver.Received got = Poll.untilPresent("the test delivery", T, () -> receiver.acknowledged()
                .stream().filter(r -> r.idempotencyKey().equals(deliveryId)).findFirst());
        assertThat(Signature.verify(newSecret, got.signature(), got.body())).isTrue();
        assertThat(Signature.verify(oldSecret, got.signature(), got.body())).isFalse();
    }

    @Test
    void failingDeliveriesBecomeDeadLettersThatCanBeRetried() throws Exception {
        final String id = create(receiver.url() + "/failing", "ledger.closed");
        receiver.respondWith(r -> r.idempotencyKey().startsWith(id) ? 500 : 200);
        try {
            Poll.until("a dead letter", T, () -> read(call("GET", "/api/webhooks/" + id + "/dead-letters", null))
                    .get("records").size() >= 1);
            final JsonNode letter = read(call("GET", "/api/webhooks/" + id + "/dead-letters?limit=1", null))
                    .get("records").get(0);
            assertThat(letter.get("state").asText()).isEqualTo("dead");
            assertThat(letter.get("attempts").asInt()).isEqualTo(2);
            assertThat(letter.get("lastStatus").asInt()).isEqualTo(500);
            assertThat(letter.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        } finally {
            receiver.respondWith(r -> 200);
        }
        final JsonNode retried = read(call("POST", "/api/webhooks/" + id + "/dead-letters/retry", null));
        assertThat(retried.get("requeued").asInt()).isGreaterThanOrEqualTo(1);
        Poll.until("the dead letters delivered", T, () -> read(call("GET", "/api/webhooks/" + id, null))
                .get("deliveries").get("dead").asLong() == 0);
    }

    @Test
    void pausedSubscriptionsGetNothingAndResumeWithNewEventsOnly() throws Exception {
        final String id = create(receiver.url() + "/paused", "ledger.closed");
        final JsonNode paused = read(call("PATCH", "/api/webhooks/" + id, "{\"active\":false}"));
        assertThat(paused.get("active").asBoolean()).isFalse();
        assertThat(call("POST", "/api/webhooks/" + id + "/test", null).statusCode()).isEqualTo(409);
        final long before = lastEventSequence();
        Poll.until("two ledgers closed while paused", T, () -> lastEventSequence() >= before + 2);

        final long pausedUpTo = lastEventSequence();
        final JsonNode resumed = read(call("PATCH", "/api/webhooks/" + id,
                "{\"active\":true,\"eventTypes\":[\"ledger.closed\",\"corridor.updated\"],\"description\":\"x\"}"));
        assertThat(resumed.get("eventTypes").size()).isEqualTo(2);
        Poll.until("a delivery after resuming", T, () -> receiver.acknowledged().stream()
                .anyMatch(r -> r.idempotencyKey().startsWith(id + ":")));
        assertThat(receiver.received()).filteredOn(r -> r.idempotencyKey().startsWith(id + ":"))
                .allSatisfy(r -> assertThat(sequenceOf(r.idempotencyKey())).isGreaterThan(pausedUpTo));
    }

    @Test
    void deleteRemovesTheSubscriptionAndItsDeliveries() throws Exception {
        final String id = create(receiver.url() + "/deleted", "ledger.closed");
        assertThat(call("DELETE", "/api/webhooks/" + id, null).statusCode()).isEqualTo(204);
        assertThat(call("GET", "/api/webhooks/" + id, null).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/api/webhooks/" + id, null).statusCode()).isEqualTo(404);
        final long rows = RUNNING.application().wiring().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM webhook_deliveries WHERE subscription_id = :id").bind("id", id)
                .mapTo(Long.class).one());
        assertThat(rows).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "POST|/api/webhooks|{\"eventTypes\":[\"ledger.closed\"]}|400|url is required",
        "POST|/api/webhooks|{\"url\":\"ftp://x.example/\",\"eventTypes\":[\"ledger.closed\"]}|400|must be http or https",
        "POST|/api/webhooks|{\"url\":\"http://127.0.0.1:1/\"}|400|eventTypes is required",
        "POST|/api/webhooks|{\"url\":\"http://127.0.0.1:1/\",\"eventTypes\":[]}|400|non-empty list",
        "POST|/api/webhooks|{\"url\":\"http://127.0.0.1:1/\",\"eventTypes\":[\"ledger.opened\"]}|400|unknown event type",
        "POST|/api/webhooks|{\"url\":\"http://127.0.0.1:1/\",\"eventTypes\":[\"ledger.closed\"],\"secret\":\"x\"}|400|unknown field 'secret'",
        "POST|/api/webhooks|{\"url\":\"http://127.0.0.1:1/\",\"eventTypes\":[\"ledger.closed\"],\"active\":\"yes\"}|400|active must be true or false",
        "POST|/api/webhooks|[1,2]|400|must be a JSON object",
        "POST|/api/webhooks|{not json|400|Unable to process JSON",
        "POST|/api/webhooks|{\"url\":\"http://no-such-host.invalid/\",\"eventTypes\":[\"ledger.closed\"]}|400|does not resolve",
        "GET|/api/webhooks/nope||400|webhook id must look like wh_",
        "GET|/api/webhooks/wh_0000000000000000||404|no webhook subscription wh_0000000000000000",
        "PATCH|/api/webhooks/wh_0000000000000000|{\"active\":true}|404|no webhook subscription",
        "POST|/api/webhooks/wh_0000000000000000/test||404|no webhook subscription",
        "GET|/api/webhooks/wh_0000000000000000/deliveries/x||404|no webhook subscription"})
    void badRequestsGetAJsonErrorSayingWhatIsWrong(String method, String path, String body, int status,
                                                    String message) throws Exception {
        final HttpResponse<String> response = call(method, path, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
        final JsonNode error = JSON.readTree(response.body());
        assertThat(error.get("code").asInt()).isEqualTo(status);
        assertThat(error.get("message").asText()).contains(message);
    }

    @Test
    void listingParametersAreChecked() throws Exception {
        final String id = create(receiver.url() + "/params", "asset.updated");
        assertThat(call("GET", "/api/webhooks/" + id + "/deliveries?state=lost", null).body())
                .contains("state must be one of");
        assertThat(call("GET", "/api/webhooks/" + id + "/deliveries?limit=0", null).body())
                .contains("limit must be an integer from 1 to 200");
        assertThat(call("GET", "/api/webhooks/" + id + "/deliveries?cursor=abc", null).body())
                .contains("cursor must be <createdMs>~<deliveryId>");
        assertThat(call("PATCH", "/api/webhooks/" + id, "{\"description\":\"" + "d".repeat(201) + "\"}").body())
                .contains("description must be at most 200 characters");
    }

    private static String create(String url, String type) throws Exception {
        final HttpResponse<String> created = call("POST", "/api/webhooks", "{\"url\":\"" + url
                + "\",\"eventTypes\":[\"" + type + "\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return read(created).get("id").asText();
    }

    private static long lastEventSequence() {
        return RUNNING.application().wiring().database().jdbi().withHandle(io.ledgerlens.events.EventLog::lastSequence);
    }

    private static long sequenceOf(String key) {
        return Long.parseLong(key.substring(key.indexOf(':') + 1));
    }

    static HttpResponse<String> call(String method, String path, String body) {
        return HttpProbe.json(method, RUNNING.app(path), body, T, "Authorization", "Bearer " + TOKEN);
    }

    static JsonNode read(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError(response.statusCode() + " " + response.body(), e);
        }
    }
}
