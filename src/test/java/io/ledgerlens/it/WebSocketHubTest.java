package io.ledgerlens.it;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.ledgerlens.LedgerLensConfiguration;
import io.ledgerlens.lifecycle.PhaseOutcome;
import io.ledgerlens.lifecycle.PhaseStep;
import io.ledgerlens.testsupport.Poll;
import io.ledgerlens.testsupport.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hub at stop: well-behaved clients get {@code server_shutdown} and 1001, a client that has stopped reading
 * (so the notice cannot be delivered) is aborted when the budget is spent, and the stop returns on time. The methods run in order, the last one stops
 * the hub.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class WebSocketHubTest {
    private static final Duration T = InProcessApp.T;
    private static final InProcessApp RUNNING = InProcessApp.withRedis();
    private static final DropwizardAppExtension<LedgerLensConfiguration> APP = RUNNING.extension;

    @AfterAll
    static void stopRedis() {
        RUNNING.redis.close();
    }

    private static final String TEST_ASSET = StoredEvents.asset("HUB");

    private static URI ws() {
        return RUNNING.ws();
    }

    private static URI subscribed() {
        return URI.create(ws() + "?channels=assets:" + TEST_ASSET);
    }

    private static TestApp app() {
        return RUNNING.application();
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void aClientMessageGetsAnErrorReplyAndTheConnectionStays() {
        try (WsClient client = WsClient.connect(subscribed(), T)) {
            client.awaitMessage(m -> m.contains("\"subscribed\""), T);
            client.send("{\"not\":\"understood\"}");
            client.awaitMessage(m -> m.contains("\"type\":\"error\""), T);
            final long seq = StoredEvents.appendAsset(app(), "HUB", "{\"n\":1}");
            client.awaitMessage(m -> m.contains("\"sequence\":" + seq), T);
            assertThat(client.closeCode()).isEmpty();
        }
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void aClientConnectingWhileDrainingIsToldToGoElsewhere() {
        RUNNING.postAdmin("/tasks/drain");
        try (WsClient client = WsClient.connect(ws(), T)) {
            assertThat(client.awaitClose(T)).isEqualTo(1001);
            assertThat(client.messages()).singleElement().asString().contains("\"type\":\"server_shutdown\"");
        } finally {
            RUNNING.postAdmin("/tasks/undrain");
        }
        try (WsClient client = WsClient.connect(ws(), T)) {
            client.awaitMessage(m -> m.contains("\"hello\""), T);
        }
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void aClientThatStopsReadingIsAbortedAndNeverHoldsUpTheStop() throws Exception {
        final WsClient polite = WsClient.connect(subscribed(), T);
        polite.awaitMessage(m -> m.contains("\"subscribed\""), T);
        try (Socket silent = upgradedSocketThatNeverReads()) {
            Poll.until("both clients registered", T, () -> app().wiring().hub().clientCount() == 2);
            // Fill the silent client's TCP window: the shutdown notice and close frame queue behind this.
            final String chunk = "x".repeat(100_000);
            for (int i = 0; i < 100; i++) {
                StoredEvents.appendAsset(app(), "HUB", "{\"filler\":\"" + chunk + "\"}");
            }
            Poll.until("the polite client read everything", T,
                    () -> polite.messages().stream().filter(m -> m.contains("filler")).count() == 100);

            final Duration budget = Duration.ofMillis(700);
            final long start = System.nanoTime();
            final PhaseStep.Result result = app().wiring().hub().stop(budget);
            final Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).isLessThan(budget.plusSeconds(2));
            assertThat(result.outcome()).as(result.detail() + " took " + took).isEqualTo(PhaseOutcome.TIMED_OUT);
            assertThat(result.facts()).containsEntry("websocketClients", 2L).containsEntry("websocketAborted", 1L);
            assertThat(polite.awaitClose(T)).isEqualTo(1001);
            assertThat(polite.messages()).anySatisfy(m -> assertThat(m).contains("\"server_shutdown\""));
            assertThat(app().wiring().hub().clientCount()).isZero();
        }
    }

    /** Completes the handshake, then reads nothing more: a client that has hung. */
    private static Socket upgradedSocketThatNeverReads() throws Exception {
        final Socket socket = upgrade(4096);
        assertThat(readStatusLine(socket.getInputStream())).contains(" 101 ");
        return socket;
    }

    private static Socket upgrade(int receiveBuffer) throws Exception {
        final Socket socket = new Socket();
        socket.setReceiveBufferSize(receiveBuffer);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", APP.getLocalPort()), 5000);
        socket.setSoTimeout(5000);
        final OutputStream out = socket.getOutputStream();
        out.write(("GET /ws?channels=assets:" + TEST_ASSET + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static String readStatusLine(InputStream in) throws Exception {
        final StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            line.append((char) c);
        }
        return line.toString();
    }
}
