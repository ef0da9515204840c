package io.ledgerlens.drill;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerlens.webhooks.EventTypes;
import io.ledgerlens.webhooks.Signature;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The webhook promise, for an instance the drill started: a local receiver subscribes to every event type before
 * the load; after the stop (and the restart) every event written after the subscription's start, up to the last
 * one written before the exit, must have been acknowledged by the receiver, each duplicate with the same
 * idempotency key, every request correctly signed. Events come from the instance's own SQLite file.
 */
final class WebhookCheck implements AutoCloseable {
    private final WebhookReceiver receiver;
    private final Path database;
    private final String id;
    private final String secret;
    private final long startSequence;
    private long lastAtStop = -1;

    private WebhookCheck(WebhookReceiver receiver, Path database, String id, String secret, long startSequence) {
        this.receiver = receiver;
        this.database = database;
        this.id = id;
        this.secret = secret;
        this.startSequence = startSequence;
    }

    static WebhookCheck subscribe(Instance instance) throws Exception {
        final WebhookReceiver receiver = WebhookReceiver.start();
        try {
            final String body = "{\"url\":\"" + receiver.url() + "\",\"eventTypes\":"
                    + DrillJson.write(EventTypes.ALL).replaceAll("\\s", "") + ",\"description\":\"shutdown drill\"}";
            final HttpResponse<String> created = instance.postJson(instance.app() + "/api/webhooks", body);
            if (created.statusCode() != 201) {
                throw new IllegalStateException("creating the drill's webhook answered " + created.statusCode() + ": "
                        + created.body());
            }
            final JsonNode json = DrillJson.read(created.body());
            final String id = json.path("id").asText();
            final long start = single(instance.database(), "SELECT start_sequence FROM webhook_subscriptions WHERE id = '"
                    + id + "'");
            return new WebhookCheck(receiver, instance.database(), id, json.path("secret").asText(), start);
        } catch (Exception e) {
            receiver.close();
            throw e;
        }
    }

    /** Call once the stopped process has exited: what it wrote up to then is what must be delivered. */
    void markStopped() throws Exception {
        lastAtStop = single(database, "SELECT COALESCE(MAX(sequence), 0) FROM events");
    }

    int acknowledged() {
        return receiver.acknowledged().size();
    }

    /** Without a restart: what was produced and delivered before the exit; the rest waits for the next start. */
    void report(DrillReport report) throws Exception {
        final Set<Long> produced = produced();
        final Set<Long> delivered = deliveredSequences();
        delivered.retainAll(produced);
        report.put("webhooks", Map.of("produced", produced.size(), "delivered", delivered.size()));
        report.info("webhook events", produced.size() + " produced, " + delivered.size() + " delivered before the exit; "
                + (produced.size() - delivered.size()) + " left pending for the next start");
    }

    /** After the restart: waits (bounded) for every produced event to be acknowledged, then judges. */
    void judge(DrillReport report, Duration wait) throws Exception {
        final Set<Long> produced = produced();
        final long deadline = System.nanoTime() + wait.toNanos();
        while (!deliveredSequences().containsAll(produced) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        final Set<Long> missing = new TreeSet<>(produced);
        missing.removeAll(deliveredSequences());
        final Map<Long, Set<String>> keys = new HashMap<>();
        int badSignatures = 0;
        for (WebhookReceiver.Received r : receiver.received()) {
            keys.computeIfAbsent(sequenceOf(r.idempotencyKey()), k -> new HashSet<>()).add(r.idempotencyKey());
            if (!Signature.verify(secret, r.signature(), r.body())) {
                badSignatures++;
            }
        }
        final long inconsistent = keys.values().stream().filter(k -> k.size() != 1).count();
        final int duplicates = receiver.acknowledged().size() - (int) receiver.acknowledged().stream()
                .map(WebhookReceiver.Received::idempotencyKey).distinct().count();
        report.put("webhooks", Map.of("produced", produced.size(), "missing", missing.size(),
                "duplicateDeliveries", duplicates, "badSignatures", badSignatures));
        report.check("webhook events", produced.size() + " produced up to the exit, " + missing.size() + " missing"
                        + (missing.isEmpty() ? "" : " " + abbreviate(missing)) + ", " + duplicates
                        + " delivered twice (same key), " + badSignatures + " bad signatures",
                missing.isEmpty() && badSignatures == 0 && inconsistent == 0 && !produced.isEmpty());
    }

    private Set<Long> produced() throws Exception {
        if (lastAtStop < 0) {
            throw new IllegalStateException("markStopped was not called");
        }
        return new TreeSet<>(all(database, "SELECT sequence FROM events WHERE sequence > " + startSequence
                + " AND sequence <= " + lastAtStop));
    }

    private Set<Long> deliveredSequences() {
        final Set<Long> sequences = new HashSet<>();
        receiver.acknowledged().forEach(r -> sequences.add(sequenceOf(r.idempotencyKey())));
        return sequences;
    }

    private long sequenceOf(String key) {
        return key != null && key.startsWith(id + ":") ? Long.parseLong(key.substring(id.length() + 1)) : -1;
    }

    private static String abbreviate(Set<Long> missing) {
        return missing.size() <= 10 ? missing.toString() : missing.stream().limit(10).toList() + "...";
    }

    private static long single(Path db, String sql) throws Exception {
        return all(db, sql).stream().findFirst().orElseThrow();
    }

    private static java.util.List<Long> all(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            final java.util.List<Long> values = new java.util.ArrayList<>();
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
            return values;
        }
    }

    @Override
    public void close() {
        receiver.close();
    }
}
