package io.ledgerlens.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A client's text message, parsed and checked; or the error to answer it with. Unknown fields are ignored, as
 * the server's own messages may grow fields that clients ignore.
 */
sealed interface ClientRequest {
    record Subscribe(List<String> channels, List<Rejected> rejected, OptionalLong since) implements ClientRequest {
    }

    record Unsubscribe(List<String> channels, List<Rejected> rejected) implements ClientRequest {
    }

    record Ping() implements ClientRequest {
    }

    /** What to answer instead: {@code code} is one of the documented error codes. */
    record Invalid(String code, String message) implements ClientRequest {
    }

    /** A channel name that was refused, and why. */
    record Rejected(String channel, String reason) {
    }

    /** As {@link #parse(ObjectMapper, String)}, for a message of at most {@code maxBytes} bytes of UTF-8. */
    static ClientRequest parse(ObjectMapper mapper, String text, int maxBytes) {
        // A char is at most 3 bytes of UTF-8 (a surrogate pair, 2 chars, is 4): count the bytes only when it matters.
        if (text.length() > maxBytes
                || (text.length() * 3L > maxBytes && text.getBytes(StandardCharsets.UTF_8).length > maxBytes)) {
            return new Invalid("too_large", "messages are limited to " + maxBytes + " bytes");
        }
        return parse(mapper, text);
    }

    static ClientRequest parse(ObjectMapper mapper, String text) {
        final JsonNode node;
        try {
            node = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            final var at = e.getLocation();
            return new Invalid("malformed", "not valid JSON" + (at == null ? ""
                    : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        if (node == null || !node.isObject()) {
            return new Invalid("malformed", "a message must be a JSON object with a \"type\"");
        }
        final JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            return new Invalid("malformed", "a message must have a string \"type\": subscribe, unsubscribe or ping");
        }
        try {
            return switch (type.asText()) {
                case "ping" -> new Ping();
                case "subscribe" -> subscribe(node);
                case "unsubscribe" -> {
                    final Parsed parsed = channels(node);
                    yield new Unsubscribe(parsed.accepted, parsed.rejected);
                }
                default -> new Invalid("unknown_type", "unknown message type '"
                        + Channels.abbreviate(type.asText()) + "': expected subscribe, unsubscribe or ping");
            };
        } catch (MalformedField e) {
            return new Invalid("malformed", e.getMessage());
        }
    }

    /** A field of the message has the wrong shape; its message is the answer to the client. */
    final class MalformedField extends RuntimeException {
        MalformedField(String message) {
            super(message, null, false, false);
        }
    }

    private static ClientRequest subscribe(JsonNode node) {
        final JsonNode since = node.get("since");
        OptionalLong from = OptionalLong.empty();
        if (since != null && !since.isNull()) {
            if (!since.isIntegralNumber() || !since.canConvertToLong() || since.asLong() < 0) {
                throw new MalformedField("\"since\" must be a sequence number >= 0, got " + since);
            }
            from = OptionalLong.of(since.asLong());
        }
        final Parsed parsed = channels(node);
        return new Subscribe(parsed.accepted, parsed.rejected, from);
    }

    record Parsed(List<String> accepted, List<Rejected> rejected) {
    }

    private static Parsed channels(JsonNode node) {
        final JsonNode list = node.get("channels");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new MalformedField("\"channels\" must be a non-empty array of channel names");
        }
        final List<String> names = new ArrayList<>();
        for (JsonNode item : list) {
            if (!item.isTextual()) {
                throw new MalformedField("\"channels\" must hold strings, got " + item.getNodeType());
            }
            names.add(item.asText());
        }
        return parseChannels(names);
    }

    /** Each name parsed into its canonical form, or rejected with the reason; duplicates collapse. */
    static Parsed parseChannels(List<String> names) {
        final List<String> accepted = new ArrayList<>();
        final List<Rejected> rejected = new ArrayList<>();
        for (String name : names) {
            try {
                final String channel = Channels.parse(name);
                if (!accepted.contains(channel)) {
                    accepted.add(channel);
                }
            } catch (IllegalArgumentException e) {
                rejected.add(new Rejected(Channels.abbreviate(name), e.getMessage()));
            }
        }
        return new Parsed(accepted, rejected);
    }
}
