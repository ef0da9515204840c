package io.ledgerlens.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerlens.events.StoredEvent;

import java.time.Duration;
import java.util.List;

/** The JSON texts the server sends; docs/api.md shows each with an example. */
final class ServerMessages {
    private final ObjectMapper mapper;

    ServerMessages(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    String hello(long lastSequence) {
        return message("hello").put("lastSequence", lastSequence).toString();
    }

    /**
     * @param from the sequence after which this connection's events follow; null when unchanged
     */
    String subscriptions(String type, List<String> channels, Long from) {
        final ObjectNode node = message(type);
        final ArrayNode list = node.putArray("channels");
        channels.forEach(list::add);
        if (from != null) {
            node.put("from", from);
        }
        return node.toString();
    }

    String pong() {
        return message("pong").toString();
    }

    String error(String code, String message) {
        return message("error").put("code", code).put("message", message).toString();
    }

    String error(String code, String message, String channel) {
        return message("error").put("code", code).put("message", message).put("channel", channel).toString();
    }

    String resumeTooFar(long since, long lastSequence, long maxReplay) {
        return message("error").put("code", "resume_too_far")
                .put("message", "since " + since + " is " + (lastSequence - since) + " events behind, more than the "
                        + maxReplay + " replayed: events after " + lastSequence + " follow; read what was missed "
                        + "from the REST API")
                .put("since", since).put("lastSequence", lastSequence).toString();
    }

    String serverShutdown(long lastSequence, Duration reconnectAfter, String reason) {
        return message("server_shutdown").put("lastSequence", lastSequence)
                .put("reconnectAfterMs", reconnectAfter.toMillis()).put("reason", reason).toString();
    }

    /** The stored payload is embedded as JSON; a payload that is not JSON (never written so) goes as a string. */
    String event(StoredEvent event) {
        final ObjectNode node = message("event")
                .put("sequence", event.sequence())
                .put("event", event.type())
                .put("channel", Channels.channelOf(event))
                .put("subject", event.subject())
                .put("createdAt", event.createdAt().toString());
        try {
            final JsonNode data = mapper.readTree(event.payload());
            node.set("data", data);
        } catch (JsonProcessingException e) {
            node.put("data", event.payload());
        }
        return node.toString();
    }

    private ObjectNode message(String type) {
        return mapper.createObjectNode().put("type", type);
    }
}
