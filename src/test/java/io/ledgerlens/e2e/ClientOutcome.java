package io.ledgerlens.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.assertj.core.api.SoftAssertions;

import java.util.ArrayList;
import java.util.List;

/**
 * What one WebSocket client reported when the server closed it: the types of the messages it got in order, the
 * {@code server_shutdown} notice (null if none), and its close event's code, reason and {@code wasClean}.
 */
record ClientOutcome(int client, List<String> types, JsonNode notice, int code, String reason, boolean wasClean,
                     String error) {
    static ClientOutcome of(JsonNode node) {
        final List<String> types = new ArrayList<>();
        node.path("types").forEach(t -> types.add(t.asText()));
        final JsonNode notice = node.path("notice");
        return new ClientOutcome(node.path("client").asInt(), types, notice.isObject() ? notice : null,
                node.path("code").asInt(-1), node.path("reason").asText(null), node.path("wasClean").asBoolean(false),
                node.path("error").asText(null));
    }

    /**
     * Each client got {@code server_shutdown} as its last message, with a resume sequence and a reconnect hint,
     * then close 1001 with the server's reason, and completed the close handshake.
     */
    static void assertAllToldAndClosedCleanly(String who, List<ClientOutcome> outcomes, int expected) {
        final SoftAssertions soft = new SoftAssertions();
        soft.assertThat(outcomes).as(who + ": clients reporting").hasSize(expected);
        for (ClientOutcome o : outcomes) {
            final String as = who + " client " + o.client + " " + o;
            soft.assertThat(o.notice).as(as + ": got server_shutdown").isNotNull();
            if (o.notice != null) {
                soft.assertThat(o.notice.path("lastSequence").isIntegralNumber()).as(as + ": resume sequence")
                        .isTrue();
                soft.assertThat(o.notice.path("lastSequence").asLong(-1)).as(as + ": resume sequence")
                        .isGreaterThanOrEqualTo(0);
                soft.assertThat(o.notice.path("reconnectAfterMs").isIntegralNumber()).as(as + ": reconnect hint")
                        .isTrue();
            }
            soft.assertThat(o.types).as(as + ": the notice is the last message").isNotEmpty().last()
                    .isEqualTo("server_shutdown");
            soft.assertThat(o.code).as(as + ": close code").isEqualTo(1001);
            soft.assertThat(o.reason).as(as + ": close reason").isEqualTo("server shutdown");
            soft.assertThat(o.wasClean).as(as + ": wasClean").isTrue();
        }
        soft.assertAll();
    }
}
