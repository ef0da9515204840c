package io.ledgerlens.drill;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * WebSocket subscribers to {@code ledgers} behind a balancer, each behaving as a well-written client: when its
 * connection ends it connects again (to whichever instance the balancer picks) with {@code since} set to the
 * notice's {@code lastSequence}, or to the last event it got. Across all its connections a client must then see
 * every ledger once, in order; and every connection must have ended with the server's notice and close 1001.
 */
final class ResumingSockets implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration RECONNECT_FOR = Duration.ofSeconds(30);

    /** One subscriber across its connections. */
    static final class Subscriber {
        private final String wsUrl;
        private final List<WebSocketClients.Seen> seen = Collections.synchronizedList(new ArrayList<>());
        private final List<String> closes = Collections.synchronizedList(new ArrayList<>());
        private volatile WebSocketClients.Client current;
        private volatile WebSocket socket;
        private volatile boolean closing;
        private volatile String failure;

        Subscriber(String wsUrl) {
            this.wsUrl = wsUrl;
        }

        private void connect(long since) {
            final long deadline = System.nanoTime() + RECONNECT_FOR.toNanos();
            while (!closing) {
                final WebSocketClients.Client client = new Listener(this);
                try {
                    socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                            .buildAsync(URI.create(wsUrl + "?channels=ledgers" + (since >= 0 ? "&since=" + since : "")),
                                    client)
                            .orTimeout(10, TimeUnit.SECONDS).join();
                    current = client;
                    return;
                } catch (RuntimeException e) {
                    if (System.nanoTime() > deadline) {
                        failure = "could not connect again for " + RECONNECT_FOR.toSeconds() + " s: " + e.getMessage();
                        return;
                    }
                    closes.add("connect failed");
                    try {
                        Thread.sleep(200); // a retry pause, as a client would make; not a synchronisation
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }

        /** Called on the client's own thread when a connection ended: record how, then resume. */
        private void ended(WebSocketClients.Client client) {
            seen.addAll(client.seen());
            closes.add(client.closedWellWithNotice() ? "notice+1001" : client.describe());
            if (!closing) {
                final long since = client.sinceForResume() >= 0 ? client.sinceForResume() : lastSequence();
                CompletableFuture.runAsync(() -> connect(since));
            }
        }

        private long lastSequence() {
            synchronized (seen) {
                return seen.isEmpty() ? -1 : seen.get(seen.size() - 1).sequence();
            }
        }

        /** Every ledger this subscriber saw, over all its connections so far. */
        List<WebSocketClients.Seen> seen() {
            final List<WebSocketClients.Seen> all;
            synchronized (seen) {
                all = new ArrayList<>(seen);
            }
            final WebSocketClients.Client open = current;
            if (open != null && open.closeCode < 0) {
                all.addAll(open.seen());
            }
            return all;
        }

        List<String> closes() {
            synchronized (closes) {
                return List.copyOf(closes);
            }
        }

        String failure() {
            return failure;
        }

        /** The first place where the ledgers are not consecutive (a gap or one twice), or null. */
        String gap() {
            final List<WebSocketClients.Seen> all = seen();
            for (int i = 1; i < all.size(); i++) {
                if (all.get(i).sequence() <= all.get(i - 1).sequence()) {
                    return "event " + all.get(i).sequence() + " after " + all.get(i - 1).sequence();
                }
                if (all.get(i).ledger() != all.get(i - 1).ledger() + 1) {
                    return "ledger " + all.get(i).ledger() + " after " + all.get(i - 1).ledger();
                }
            }
            return null;
        }

        long lastLedger() {
            final List<WebSocketClients.Seen> all = seen();
            return all.isEmpty() ? -1 : all.get(all.size() - 1).ledger();
        }

        void close() {
            closing = true;
            final WebSocket s = socket;
            if (s != null) {
                s.sendClose(WebSocket.NORMAL_CLOSURE, "drill done");
            }
        }
    }

    /** A connection's listener that tells its subscriber when the connection ends. */
    private static final class Listener extends WebSocketClients.Client {
        private final Subscriber owner;

        Listener(Subscriber owner) {
            this.owner = owner;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            super.onClose(socket, statusCode, reason);
            owner.ended(this);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable e) {
            super.onError(socket, e);
            owner.ended(this);
        }
    }

    private final List<Subscriber> subscribers = new ArrayList<>();

    /** @param wsUrl the balancer's {@code /ws} URL */
    ResumingSockets(String wsUrl, int count) {
        for (int i = 0; i < count; i++) {
            final Subscriber s = new Subscriber(wsUrl);
            s.connect(-1);
            if (s.failure() != null) {
                throw new IllegalStateException("WebSocket " + wsUrl + ": " + s.failure());
            }
            subscribers.add(s);
        }
    }

    List<Subscriber> subscribers() {
        return List.copyOf(subscribers);
    }

    /** Waits (bounded) until every subscriber has seen {@code ledger}; @return whether all did in time */
    boolean awaitLedger(long ledger, Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (subscribers.stream().anyMatch(s -> s.lastLedger() < ledger)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    @Override
    public void close() {
        subscribers.forEach(Subscriber::close);
    }
}
