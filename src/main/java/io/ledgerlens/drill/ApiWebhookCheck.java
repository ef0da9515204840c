package io.ledgerlens.drill;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerlens.webhooks.EventTypes;
import io.ledgerlens.webhooks.Signature;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The webhook promise checked through the public API only, for a deployment whose database the drill cannot read
 * (a Compose stack behind its balancer): a receiver subscribes to every event type, and at the end every event
 * written after the subscription, up to the last one the service reports, must have been acknowledged, correctly
 * signed, with nothing left pending, in flight or dead. Every event type means every event, and event sequences
 * are consecutive, so the range is the whole of what was produced.
 */
final class ApiWebhookCheck implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String api;
    private final String token;
    private final WebhookReceiver receiver;
    private final String id;
    private final String secret;
    private final long after;

    private ApiWebhookCheck(String api, String token, WebhookReceiver receiver, String id, String secret, long after) {
        this.api = api;
        this.token = token;
        this.receiver = receiver;
        this.id = id;
        this.secret = secret;
        this.after = after;
    }

    /**
     * @param api      the service's URL (the balancer's)
     * @param token    the webhook management token, or empty
     * @param bindHost the local address the receiver listens on, reachable from the service
     */
    static ApiWebhookCheck subscribe(String api, String token, String bindHost) throws Exception {
        final WebhookReceiver receiver = WebhookReceiver.start(bindHost);
        try {
            final String body = "{\"url\":\"" + receiver.url() + "\",\"eventTypes\":"
                    + DrillJson.write(EventTypes.ALL).replaceAll("\\s", "") + ",\"description\":\"drill\"}";
            final HttpResponse<String> created = send(token, HttpRequest.newBuilder(URI.create(api + "/api/webhooks"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
            if (created.statusCode() != 201) {
                throw new IllegalStateException("creating the drill's webhook answered " + created.statusCode() + ": "
                        + created.body());
            }
            final JsonNode json = DrillJson.read(created.body());
            // The subscription starts at the last event when it was created: everything written after this read
            // is certainly its to receive (an event written during the request may be too; it is not judged).
            return new ApiWebhookCheck(api, token, receiver, json.path("id").asText(), json.path("secret").asText(),
                    lastEventSequence(api));
        } catch (Exception e) {
            receiver.close();
            throw e;
        }
    }

    /** Waits (bounded) until everything written so far is delivered and nothing is queued, then judges. */
    void judge(DrillReport report, Duration wait) throws Exception {
        final long last = lastEventSequence(api);
        final long deadline = System.nanoTime() + wait.toNanos();
        Map<String, Long> states = states();
        while (System.nanoTime() < deadline && (!missing(last).isEmpty() || queued(states) > 0)) {
            Thread.sleep(200);
            states = states();
        }
        final Set<Long> missing = missing(last);
        int badSignatures = 0;
        for (WebhookReceiver.Received r : receiver.received()) {
            if (!Signature.verify(secret, r.signature(), r.body())) {
                badSignatures++;
            }
        }
        final Set<Long> delivered = delivered();
        final long duplicates = receiver.acknowledged().size() - delivered.size();
        final long dead = states.getOrDefault("dead", 0L);
        report.put("webhooks", Map.of("through", last, "missing", missing.size(), "duplicateDeliveries", duplicates,
                "badSignatures", badSignatures, "states", states));
        report.check("webhook events", "events " + (after + 1) + ".." + last + ": " + missing.size() + " missing"
                        + (missing.isEmpty() ? "" : " " + (missing.size() <= 10 ? missing
                        : missing.stream().limit(10).toList() + "...")) + ", " + duplicates
                        + " delivered twice (same key), " + badSignatures + " bad signatures; service counts " + states,
                missing.isEmpty() && badSignatures == 0 && dead == 0 && queued(states) == 0 && last > after);
    }

    /** The events after the subscription that were not acknowledged. */
    private Set<Long> missing(long last) {
        final Set<Long> delivered = delivered();
        final Set<Long> missing = new TreeSet<>();
        for (long s = after + 1; s <= last; s++) {
            if (!delivered.contains(s)) {
                missing.add(s);
            }
        }
        return missing;
    }

    private Set<Long> delivered() {
        final Set<Long> sequences = new HashSet<>();
        receiver.acknowledged().forEach(r -> {
            final String key = r.idempotencyKey();
            if (key != null && key.startsWith(id + ":")) {
                sequences.add(Long.parseLong(key.substring(id.length() + 1)));
            }
        });
        return sequences;
    }

    private static long queued(Map<String, Long> states) {
        return states.getOrDefault("pending", 0L) + states.getOrDefault("in_flight", 0L);
    }

    private Map<String, Long> states() throws Exception {
        final HttpResponse<String> r = send(token, HttpRequest.newBuilder(URI.create(api + "/api/webhooks/" + id)).GET());
        final Map<String, Long> states = new java.util.TreeMap<>();
        DrillJson.read(r.body()).path("deliveries").fields()
                .forEachRemaining(e -> states.put(e.getKey(), e.getValue().asLong()));
        return states;
    }

    private static long lastEventSequence(String api) throws Exception {
        final HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/api/status"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return DrillJson.read(r.body()).path("last_event_sequence").asLong();
    }

    private static HttpResponse<String> send(String token, HttpRequest.Builder request) throws Exception {
        request.timeout(Duration.ofSeconds(10));
        if (!token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        receiver.close();
    }
}
