package io.ledgerlens.drill;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real HTTP server on 127.0.0.1 that receives webhook deliveries and keeps each one (headers that matter, body),
 * as a subscriber's endpoint would. What it answers is up to a responder: 200 by default; tests make it fail,
 * slow down or hang. It also records the highest number of requests it had at once.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** One request as received. */
    public record Received(String idempotencyKey, String eventType, String signature, String body, long atNanos) {
    }

    /** What to do with a request: the status to answer (after any wait the responder chooses to make). */
    @FunctionalInterface
    public interface Responder extends Function<Received, Integer> {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        final Thread t = new Thread(r, "webhook-receiver");
        t.setDaemon(true);
        return t;
    });
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final List<Received> acknowledged = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();
    private volatile Responder responder = r -> 200;

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start() throws IOException {
        return start("127.0.0.1");
    }

    /** @param host the local address to listen on: one the service can reach (a container network's gateway) */
    public static WebhookReceiver start(String host) throws IOException {
        final WebhookReceiver receiver = new WebhookReceiver(HttpServer.create(new InetSocketAddress(host, 0), 200));
        receiver.server.createContext("/", receiver::handle);
        receiver.server.setExecutor(receiver.threads);
        receiver.server.start();
        return receiver;
    }

    public String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort()
                + "/hook";
    }

    public void respondWith(Responder responder) {
        this.responder = responder;
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** The requests answered with a 2xx: what the sender counts as delivered. */
    public List<Received> acknowledged() {
        synchronized (acknowledged) {
            return List.copyOf(acknowledged);
        }
    }

    /** Waits until {@code count} requests have been answered 2xx; @return false if the timeout came first */
    public boolean awaitAcknowledged(int count, java.time.Duration timeout) throws InterruptedException {
        final long end = System.nanoTime() + timeout.toNanos();
        synchronized (acknowledged) {
            while (acknowledged.size() < count) {
                final long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                acknowledged.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
            return true;
        }
    }

    public int count() {
        return received.size();
    }

    public int maxConcurrent() {
        return maxConcurrent.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        final int now = concurrent.incrementAndGet();
        maxConcurrent.accumulateAndGet(now, Math::max);
        try (exchange; InputStream in = exchange.getRequestBody()) {
            final String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            final Received r = new Received(exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    exchange.getRequestHeaders().getFirst("LedgerLens-Event"),
                    exchange.getRequestHeaders().getFirst("LedgerLens-Signature"), body, System.nanoTime());
            received.add(r);
            int status;
            try {
                status = responder.apply(r);
            } catch (RuntimeException e) {
                status = 500;
            }
            exchange.sendResponseHeaders(status, -1);
            if (status >= 200 && status < 300) {
                synchronized (acknowledged) {
                    acknowledged.add(r);
                    acknowledged.notifyAll();
                }
            }
        } finally {
            concurrent.decrementAndGet();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        try {
            threads.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
