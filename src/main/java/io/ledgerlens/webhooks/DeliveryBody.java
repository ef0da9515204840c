package io.ledgerlens.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The JSON a receiver gets, written once for event deliveries and test deliveries alike: {@code id} (also the
 * Idempotency-Key header), {@code type}, {@code sequence} (null for a test), {@code subject}, {@code createdAt},
 * {@code data}.
 */
final class DeliveryBody {
    private DeliveryBody() {
    }

    static String of(ObjectMapper json, String deliveryId, String type, Long sequence, String subject,
                      Instant createdAt, JsonNode data) {
        final ObjectNode body = json.createObjectNode().put("id", deliveryId).put("type", type);
        if (sequence == null) {
            body.putNull("sequence");
        } else {
            body.put("sequence", sequence.longValue());
        }
        body.put("subject", subject).put("createdAt", createdAt.toString());
        body.set("data", data);
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
