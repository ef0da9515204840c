package io.ledgerlens.drill;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * N WebSocket subscribers to the {@code ledgers} channel; each remembers the events it got, whether it got the
 * server_shutdown notice (and the sequence it may resume from) and how it was closed.
 */
final class WebSocketClients {
    /** One {@code ledger.closed} event as a client saw it: the event sequence and the ledger's. */
    record Seen(long sequence, long ledger) {
    }

    static class Client implements WebSocket.Listener {
        final List<Seen> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile long resumeFrom = -1;
        volatile boolean notice;
        volatile int closeCode = -1;
        volatile String closeReason = "";
        volatile String error;
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                record(partial.toString());
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        private void record(String text) {
            final com.fasterxml.jackson.databind.JsonNode message;
            try {
                message = DrillJson.read(text);
            } catch (IllegalStateException notJson) {
                return;
            }
            final String type = message.path("type").asText();
            if (type.equals("server_shutdown")) {
                notice = true;
                resumeFrom = message.path("lastSequence").asLong(-1);
            } else if (type.equals("event") && message.path("event").asText().equals("ledger.closed")) {
                seen.add(new Seen(message.path("sequence").asLong(), message.path("subject").asLong()));
            }
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

        /** The notice's lastSequence, or without a notice (a kill) the last event this client got. */
        long sinceForResume() {
            if (resumeFrom >= 0) {
                return resumeFrom;
            }
            synchronized (seen) {
                return seen.isEmpty() ? -1 : seen.get(seen.size() - 1).sequence();
            }
        }

        List<Seen> seen() {
            synchronized (seen) {
                return List.copyOf(seen);
            }
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

    /** @param wsUrl the {@code /ws} URL; the clients subscribe to {@code ledgers} */
    void connect(String wsUrl, int count) {
        for (int i = 0; i < count; i++) {
            clients.add(open(wsUrl + "?channels=ledgers"));
        }
    }

    /** One more client, resuming on {@code ledgers} after {@code since}. */
    static Client resume(String wsUrl, long since) {
        return open(wsUrl + "?channels=ledgers" + (since >= 0 ? "&since=" + since : ""));
    }

    private static Client open(String url) {
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        final Client client = new Client();
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(URI.create(url), client)
                .orTimeout(10, TimeUnit.SECONDS).join();
        return client;
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
