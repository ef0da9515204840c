package io.ledgerlens.it;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.ledgerlens.LedgerLensConfiguration;
import io.ledgerlens.testsupport.HttpProbe;
import io.ledgerlens.testsupport.Poll;
import io.ledgerlens.testsupport.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code websocket.token} set: the token is taken as an Authorization header at the upgrade, as the first message,
 * or (kept for old clients) as {@code ?token=}, which the request log never shows, even with a format that prints
 * the whole request line.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class WebSocketAuthTest {
    private static final Duration T = InProcessApp.T;
    private static final String TOKEN = "ws-s3cret-4f1d";
    private static final Path REQUEST_LOG = InProcessApp.tempFile("ledgerlens-requestlog", "requests.log");
    private static final InProcessApp RUNNING = InProcessApp.withRedis(
            ConfigOverride.config("websocket.token", TOKEN),
            ConfigOverride.config("websocket.authTimeout", "300ms"),
            ConfigOverride.config("server.requestLog.appenders[0].type", "file"),
            ConfigOverride.config("server.requestLog.appenders[0].currentLogFilename", REQUEST_LOG.toString()),
            ConfigOverride.config("server.requestLog.appenders[0].archive", "false"),
            // The whole request line, query string included: what an operator may well configure.
            ConfigOverride.config("server.requestLog.appenders[0].logFormat", "%r %s"));
    private static final DropwizardAppExtension<LedgerLensConfiguration> APP = RUNNING.extension;

    @AfterAll
    static void stopRedis() {
        RUNNING.redis.close();
    }

    private static URI ws(String query) {
        return URI.create(RUNNING.ws() + query);
    }

    @Test
    void aBearerHeaderAtTheUpgradeIsAccepted() {
        try (WsClient client = WsClient.connect(ws(""), T, Map.of("Authorization", "Bearer " + TOKEN))) {
            client.awaitMessage(m -> m.contains("\"type\":\"hello\""), T);
            assertThat(client.closeCode()).isEmpty();
        }
    }

    @Test
    void theTokenAsTheFirstMessageIsAccepted() {
        try (WsClient client = WsClient.connect(ws("?channels=ledgers"), T)) {
            client.send("{\"type\":\"auth\",\"token\":\"" + TOKEN + "\"}");
            client.awaitMessage(m -> m.contains("\"type\":\"hello\""), T);
            client.awaitMessage(m -> m.contains("\"type\":\"subscribed\""), T);
            client.send("{\"type\":\"ping\"}");
            client.awaitMessage(m -> m.contains("\"type\":\"pong\""), T);
            assertThat(client.closeCode()).isEmpty();
        }
    }

    @Test
    void aWrongOrOtherFirstMessageIsClosedWith1008() {
        for (String first : List.of("{\"type\":\"auth\",\"token\":\"wrong\"}", "{\"type\":\"ping\"}",
                "{\"type\":\"auth\",\"token\":\"" + TOKEN + "x\"}", "not json")) {
            try (WsClient client = WsClient.connect(ws(""), T)) {
                client.send(first);
                assertThat(client.awaitClose(T)).as(first).isEqualTo(1008);
                assertThat(client.closeReason()).isEqualTo("unauthorized: missing or wrong token");
                assertThat(client.messages()).as(first).isEmpty();
            }
        }
    }

    @Test
    void noTokenWithinTheAuthTimeoutIsClosedWith1008() {
        try (WsClient client = WsClient.connect(ws(""), T)) {
            assertThat(client.awaitClose(T)).isEqualTo(1008);
            assertThat(client.closeReason()).isEqualTo("unauthorized: missing or wrong token");
            assertThat(client.messages()).isEmpty();
        }
    }

    @Test
    void theQueryStringFormWorksAndTheRequestLogNeverShowsIt() throws Exception {
        try (WsClient client = WsClient.connect(ws("?token=" + TOKEN + "&channels=ledgers"), T)) {
            client.awaitMessage(m -> m.contains("\"type\":\"hello\""), T);
        }
        assertThat(HttpProbe.get(RUNNING.app("/api/status?access_token=" + TOKEN + "&token=" + TOKEN), T)
                .statusCode()).isEqualTo(400);
        Poll.until("both requests in the request log", T, () -> requestLog().contains(
                "GET /ws?token=REDACTED&channels=ledgers") && requestLog().contains(
                "GET /api/status?access_token=REDACTED&token=REDACTED"));
        assertThat(requestLog()).doesNotContain(TOKEN);
    }

    private static String requestLog() {
        try {
            return Files.exists(REQUEST_LOG) ? Files.readString(REQUEST_LOG) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
