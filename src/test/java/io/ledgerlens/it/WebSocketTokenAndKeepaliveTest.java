package io.ledgerlens.it;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.ledgerlens.LedgerLensConfiguration;
import io.ledgerlens.testsupport.Poll;
import io.ledgerlens.testsupport.SilentWebSocket;
import io.ledgerlens.testsupport.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a token configured, short keepalive settings and a small replay bound: who is let in, who is pinged and
 * who is let go for not answering, and a resume from too far back.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class WebSocketTokenAndKeepaliveTest {
    private static final Duration T = InProcessApp.T;
    private static final String TOKEN = "s3cret-token";
    private static final InProcessApp RUNNING = InProcessApp.withRedis(
            ConfigOverride.config("websocket.token", TOKEN),
            ConfigOverride.config("websocket.authTimeout", "300ms"),
            ConfigOverride.config("websocket.pingInterval", "200ms"),
            ConfigOverride.config("websocket.pongTimeout", "600ms"),
            ConfigOverride.config("websocket.maxReplay", "20"));
    private static final DropwizardAppExtension<LedgerLensConfiguration> APP = RUNNING.extension;

    @AfterAll
    static void stopRedis() {
        RUNNING.redis.close();
    }

    private static TestApp app() {
        return RUNNING.application();
    }

    private static URI ws(String query) {
        return URI.create(RUNNING.ws() + query);
    }

    @Test
    void withoutTheRightTokenTheConnectionIsClosedWith1008() {
        for (String query : List.of("", "?token=wrong", "?token=" + TOKEN.toUpperCase())) {
            try (WsClient client = WsClient.connect(ws(query), T)) {
                assertThat(client.awaitClose(T)).as(query).isEqualTo(1008);
                assertThat(client.closeReason()).isEqualTo("unauthorized: missing or wrong token");
                assertThat(client.messages()).as(query).isEmpty();
            }
        }
        try (WsClient client = WsClient.connect(ws(""), T, Map.of("Authorization", "Bearer nope"))) {
            assertThat(client.awaitClose(T)).isEqualTo(1008);
        }
    }

    @Test
    void theTokenIsAcceptedInTheQueryOrAsABearerHeader() {
        try (WsClient byQuery = WsClient.connect(ws("?token=" + TOKEN), T);
             WsClient byHeader = WsClient.connect(ws(""), T, Map.of("Authorization", "Bearer " + TOKEN))) {
            byQuery.awaitMessage(m -> m.contains("\"type\":\"hello\""), T);
            byHeader.awaitMessage(m -> m.contains("\"type\":\"hello\""), T);
            assertThat(byQuery.closeCode()).isEmpty();
            assertThat(byHeader.closeCode()).isEmpty();
        }
    }

    @Test
    void aClientThatAnswersPingsStaysAndOneThatDoesNotIsLetGo() throws Exception {
        final long timeoutsBefore = APP.getEnvironment().metrics().counter("websocket.pong_timeouts").getCount();
        try (WsClient answering = WsClient.connect(ws("?token=" + TOKEN), T);
             Socket silent = SilentWebSocket.connect(APP.getLocalPort(), "/ws?token=" + TOKEN)) {
            answering.awaitMessage(m -> m.contains("\"type\":\"hello\""), T);
            Poll.until("the silent client is let go for not answering pings", T,
                    () -> APP.getEnvironment().metrics().counter("websocket.pong_timeouts").getCount()
                            > timeoutsBefore);
            // Several ping intervals and pong timeouts later, the answering client is still there.
            Poll.until("five pings answered", T, () -> answering.pings() >= 5);
            assertThat(answering.closeCode()).isEmpty();
            Poll.until("only the answering client is left", T, () -> app().wiring().hub().clientCount() == 1);
        }
    }

    @Test
    void aResumeFromFurtherBackThanMaxReplayStartsLiveWithAnError() {
        final String asset = StoredEvents.asset("KIWI");
        final List<Long> old = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            old.add(StoredEvents.appendAsset(app(), "KIWI", "{}"));
        }
        Poll.until("the dispatcher has read them", T, () -> app().wiring().hub().position() >= old.get(29));
        try (WsClient client = WsClient.connect(
                ws("?token=" + TOKEN + "&channels=assets:" + asset + "&since=" + (old.get(0) - 1)), T)) {
            final String error = client.awaitMessage(m -> m.contains("\"resume_too_far\""), T);
            assertThat(error).contains("\"since\":" + (old.get(0) - 1));
            client.awaitMessage(m -> m.contains("\"type\":\"subscribed\""), T);
            final long live = StoredEvents.appendAsset(app(), "KIWI", "{}");
            client.awaitMessage(m -> m.contains("\"sequence\":" + live), T);
            assertThat(client.messages()).noneMatch(m -> old.stream().anyMatch(s -> m.contains("\"sequence\":" + s
                    + ",")));
        }
    }
}
