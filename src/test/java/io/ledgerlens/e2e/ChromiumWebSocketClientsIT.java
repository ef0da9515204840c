package io.ledgerlens.e2e;

import io.ledgerlens.testsupport.ChildJvm;
import io.ledgerlens.testsupport.HttpProbe;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headless Chromium's WebSocket, five clients in one page, against the real service in a child JVM: at SIGTERM
 * and when connecting to a draining instance, each gets {@code server_shutdown}, then close 1001 with the reason,
 * with {@code wasClean} true.
 */
class ChromiumWebSocketClientsIT extends ChildServiceTest {
    private static final int CLIENTS = 5;
    private static final Duration T = Duration.ofSeconds(90);

    @Test
    void atSigtermEveryPageClientGetsTheNoticeThenA1001CloseHandshake() {
        final ChildJvm jvm = service.env("SIMULATED_PACE", "200ms").startAndAwaitReady();
        try (ChromiumWebSocketClients clients = ChromiumWebSocketClients.start(service.ws() + "?channels=ledgers",
                CLIENTS, dir.resolve("chromium"))) {
            clients.awaitReady(T);
            jvm.signal("TERM");
            final List<ClientOutcome> outcomes = clients.awaitResult(T);
            assertThat(jvm.waitForExit(service.totalBudget().plusSeconds(15))).as(jvm.tail(30)).isZero();
            ClientOutcome.assertAllToldAndClosedCleanly("chromium", outcomes, CLIENTS);
            assertThat(jvm.lines()).anySatisfy(line -> assertThat(line).contains("phase=websockets outcome=clean")
                    .contains(CLIENTS + " client(s) sent server_shutdown and close 1001: " + CLIENTS
                            + " completed the close handshake, 0 disconnected without a close reply"));
        }
    }

    @Test
    void aPageClientConnectingToADrainingInstanceGetsTheNoticeThenA1001CloseHandshake() {
        service.startAndAwaitReady();
        assertThat(HttpProbe.post(service.admin("/tasks/drain"), "", T).statusCode()).isEqualTo(200);
        try (ChromiumWebSocketClients clients = ChromiumWebSocketClients.start(service.ws() + "?channels=ledgers",
                CLIENTS, dir.resolve("chromium"))) {
            ClientOutcome.assertAllToldAndClosedCleanly("chromium (draining)", clients.awaitResult(T), CLIENTS);
        }
    }
}
