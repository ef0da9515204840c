package io.ledgerlens.drill;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** N WebSocket subscribers; each remembers whether it got the server_shutdown notice and how it was closed. */
final class WebSocketClients {
    static final class Client implements WebSocket.Listener {
        volatile boolean notice;
        volatile int closeCode = -1;
        volatile String closeReason = "";
        volatile String error;
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                if (partial.indexOf("\"server_shutdown\"") >= 0) {
                    notice = true;
                }
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            closeCode = statusCode;
            closeReason = reason;
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable e) {
            error = e.getClass().getSimpleName();
        }

        boolean closedWellWithNotice() {
            return notice && closeCode == 1001;
        }

        String describe() {
            return (notice ? "notice" : "no notice") + ", " + (closeCode < 0 ? "no close frame"
                    + (error == null ? "" : " (" + error + ")") : "close " + closeCode);
        }
    }

    private final List<Client> clients = new ArrayList<>();

    void connect(String wsUrl, int count) {
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (int i = 0; i < count; i++) {
            final Client client = new Client();
            http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(URI.create(wsUrl), client)
                    .orTimeout(10, TimeUnit.SECONDS).join();
            clients.add(client);
        }
    }

    /** Waits (bounded) until every client has been closed. */
    void awaitClosed(Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && clients.stream().anyMatch(c -> c.closeCode < 0 && c.error == null)) {
            Thread.sleep(20);
        }
    }

    List<Client> clients() {
        return List.copyOf(clients);
    }
}
