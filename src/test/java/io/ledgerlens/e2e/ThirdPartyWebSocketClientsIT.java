package io.ledgerlens.e2e;

import io.ledgerlens.testsupport.ChildJvm;
import io.ledgerlens.testsupport.HttpProbe;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WebSocket clients the project did not write, several at once, against the real service in a child JVM: Node's
 * built-in WebSocket (undici) and the npm package {@code ws}. At SIGTERM, and when connecting to a draining
 * instance, every client gets {@code server_shutdown} and then close 1001 with the reason, and completes the close
 * handshake; the phase's log line counts the handshakes. Node's built-in client used to get 1006 and no notice.
 */
class ThirdPartyWebSocketClientsIT extends ChildServiceTest {
    private static final int CLIENTS = 5;
    private static final Duration T = Duration.ofSeconds(60);
    private static final Pattern PHASE = Pattern.compile("shutdown phase=websockets outcome=(\\w+) .*detail=(.*)$");

    @ParameterizedTest
    @EnumSource(NodeWebSocketClients.Library.class)
    void atSigtermEveryClientGetsTheNoticeThenA1001CloseHandshake(NodeWebSocketClients.Library library) {
        final ChildJvm jvm = service.env("SIMULATED_PACE", "200ms").startAndAwaitReady();
        try (NodeWebSocketClients clients = NodeWebSocketClients.start(library,
                service.ws() + "?channels=ledgers", CLIENTS, T)) {
            clients.awaitReady(T);
            jvm.signal("TERM");
            final List<ClientOutcome> outcomes = clients.awaitResult(T);
            assertThat(jvm.waitForExit(service.totalBudget().plusSeconds(15))).as(jvm.tail(30)).isZero();
            ClientOutcome.assertAllToldAndClosedCleanly(library.name(), outcomes, CLIENTS);

            final var phase = PHASE.matcher(jvm.waitForLine(PHASE, T));
            assertThat(phase.find()).isTrue();
            assertThat(phase.group(1)).isEqualTo("clean");
            assertThat(phase.group(2)).isEqualTo(CLIENTS + " client(s) sent server_shutdown and close 1001: " + CLIENTS
                    + " completed the close handshake, 0 disconnected without a close reply, 0 aborted at the "
                    + "deadline");
        }
    }

    @ParameterizedTest
    @EnumSource(NodeWebSocketClients.Library.class)
    void aClientConnectingToADrainingInstanceGetsTheNoticeThenA1001CloseHandshake(
            NodeWebSocketClients.Library library) {
        service.startAndAwaitReady();
        assertThat(HttpProbe.post(service.admin("/tasks/drain"), "", T).statusCode()).isEqualTo(200);
        try (NodeWebSocketClients clients = NodeWebSocketClients.start(library,
                service.ws() + "?channels=ledgers", CLIENTS, T)) {
            ClientOutcome.assertAllToldAndClosedCleanly(library.name() + " (draining)", clients.awaitResult(T),
                    CLIENTS);
        }
    }
}
