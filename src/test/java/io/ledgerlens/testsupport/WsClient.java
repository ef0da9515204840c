package io.ledgerlens.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A WebSocket client on the JDK's own implementation: keeps every text message, and answers the server's close
 * frame with its own (the JDK does not reply by itself), as a well-behaved client does.
 */
public final class WsClient implements AutoCloseable {
    private final List<String> messages = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private volatile String closeReason;
    private volatile Throwable error;
    private volatile WebSocket socket;
    private final AtomicInteger pings = new AtomicInteger();
    private final Object demand = new Object();
    private boolean paused;
    private boolean owed;

    private WsClient() {
    }

    public static WsClient connect(URI uri, Duration timeout) {
        return connect(uri, timeout, Map.of());
    }

    public static WsClient connect(URI uri, Duration timeout, Map<String, String> headers) {
        final WsClient client = new WsClient();
        try {
            final WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(timeout);
            headers.forEach(builder::header);
            client.socket = builder.buildAsync(uri, client.listener()).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return client;
        } catch (Exception e) {
            throw new AssertionError("could not connect to " + uri + ": " + e, e);
        }
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    messages.add(partial.toString());
                    partial.setLength(0);
                }
                synchronized (demand) {
                    if (paused) {
                        owed = true;
                    } else {
                        ws.request(1);
                    }
                }
                return null;
            }

            @Override
            public CompletionStage<?> onPing(WebSocket ws, java.nio.ByteBuffer message) {
                pings.incrementAndGet();
                // The JDK answers with a pong by itself.
                return WebSocket.Listener.super.onPing(ws, message);
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closeReason = reason;
                closeCode.complete(statusCode);
                ws.sendClose(statusCode, "").exceptionally(t -> null);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable t) {
                error = t;
                closeCode.complete(-1);
            }
        };
    }

    public List<String> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    /**
     * The first message matching, waiting for it. Each poll looks only at the messages that arrived since the last
     * one: a client that has received megabytes is not rescanned every 20 ms (that starved the reader on a loaded
     * machine).
     */
    public String awaitMessage(Predicate<String> matching, Duration timeout) {
        final int[] scanned = {0};
        try {
            return Poll.untilPresent("a websocket message matching the predicate", timeout, () -> {
                final List<String> now;
                synchronized (messages) {
                    now = List.copyOf(messages.subList(scanned[0], messages.size()));
                }
                scanned[0] += now.size();
                return now.stream().filter(matching).findFirst();
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; got " + describe(messages()), e);
        }
    }

    private static String describe(List<String> all) {
        final List<String> tail = all.subList(Math.max(0, all.size() - 5), all.size());
        return all.size() + " message(s), the last: " + tail.stream()
                .map(m -> m.length() <= 300 ? m : m.substring(0, 300) + "...(" + m.length() + " chars)").toList();
    }

    /** The close code the server sent (-1 if the connection failed without one). */
    public int awaitClose(Duration timeout) {
        try {
            return closeCode.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (Exception e) {
            throw new AssertionError("no close within " + timeout + "; messages " + messages() + ", error " + error);
        }
    }

    public Optional<Integer> closeCode() {
        return Optional.ofNullable(closeCode.getNow(null));
    }

    public String closeReason() {
        return closeReason;
    }

    public Throwable error() {
        return error;
    }

    /**
     * Stops taking messages from the connection: what the server sends next waits in the socket buffers, as for a
     * client that cannot keep up.
     */
    public void pauseReading() {
        synchronized (demand) {
            paused = true;
        }
    }

    public void resumeReading() {
        synchronized (demand) {
            paused = false;
            if (owed) {
                owed = false;
                socket.request(1);
            }
        }
    }

    /** WebSocket ping frames received (each answered with a pong by the JDK). */
    public int pings() {
        return pings.get();
    }

    public void sendBinary(byte[] data) {
        socket.sendBinary(java.nio.ByteBuffer.wrap(data), true).join();
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            socket.abort();
        }
    }
}
