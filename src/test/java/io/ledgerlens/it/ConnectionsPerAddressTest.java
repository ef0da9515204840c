package io.ledgerlens.it;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.ledgerlens.LedgerLensConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One client address cannot hold more than {@code api.maxConnectionsPerAddress} connections to the application
 * port. Before the limit, one address could open connections until Jetty's threads and file descriptors ran out
 * (each idle one held for the 30 s idle timeout). Loopback is counted here: the exempt list names another network.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ConnectionsPerAddressTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final int MAX = 3;
    private static final InProcessApp RUNNING = InProcessApp.withRedis(
            ConfigOverride.config("api.maxConnectionsPerAddress", String.valueOf(MAX)),
            ConfigOverride.config("api.connectionLimitExempt", "10.0.0.0/8"));
    private static final DropwizardAppExtension<LedgerLensConfiguration> APP = RUNNING.extension;

    @AfterAll
    static void stopRedis() {
        RUNNING.redis.close();
    }

    /** Opens a connection and asks for the liveness endpoint on it; the connection stays open (keep-alive). */
    private static Socket connect(int port) throws IOException {
        final Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) T.toMillis());
        return socket;
    }

    /** @return the status line, or null when the server closed the connection without answering */
    private static String ask(Socket socket) {
        try {
            socket.getOutputStream().write("GET /health-check/live HTTP/1.1\r\nHost: test\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            final InputStream in = socket.getInputStream();
            final StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
                line.append((char) c);
            }
            // Drain the rest of this answer so the next request on the connection reads its own.
            in.skip(in.available());
            return line.isEmpty() ? null : line.toString();
        } catch (IOException e) {
            return null;   // reset by the server
        }
    }

    @Test
    void theConnectionPastTheLimitIsClosedAndOneClosingMakesRoom() throws Exception {
        final List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < MAX; i++) {
                held.add(connect(APP.getLocalPort()));
                assertThat(ask(held.get(i))).as("connection " + (i + 1)).isEqualTo("HTTP/1.1 200 OK");
            }
            try (Socket extra = connect(APP.getLocalPort())) {
                assertThat(ask(extra)).as("connection " + (MAX + 1)).isNull();
            }
            for (Socket s : held) {
                assertThat(ask(s)).as("the held connections still serve").isEqualTo("HTTP/1.1 200 OK");
            }
            assertThat(APP.getEnvironment().metrics().meter("io.ledgerlens.api.ConnectionsPerAddress.refused")
                    .getCount()).isGreaterThanOrEqualTo(1);
            // The admin port is not limited.
            final List<Socket> admin = new ArrayList<>();
            try {
                for (int i = 0; i <= MAX; i++) {
                    admin.add(connect(APP.getAdminPort()));
                    assertThat(ask(admin.get(i))).as("admin connection " + (i + 1)).startsWith("HTTP/1.1 ");
                }
            } finally {
                for (Socket s : admin) {
                    s.close();
                }
            }

            held.remove(0).close();
            // The server sees the close asynchronously: poll, with a deadline, until a new connection is served.
            final long deadline = System.nanoTime() + T.toNanos();
            String answer = null;
            while (answer == null && System.nanoTime() < deadline) {
                try (Socket next = connect(APP.getLocalPort())) {
                    answer = ask(next);
                }
            }
            assertThat(answer).as("a connection after one was closed").isEqualTo("HTTP/1.1 200 OK");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
