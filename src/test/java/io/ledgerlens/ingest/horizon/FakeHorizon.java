package io.ledgerlens.ingest.horizon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on loopback playing Horizon: each request path (with its query) answers the responses queued
 * for it in order, the last one repeating. It records every request it received.
 */
final class FakeHorizon implements AutoCloseable {
    record Answer(int status, String body, Map<String, String> headers, boolean hang) {
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    FakeHorizon() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakeHorizon on(String pathAndQuery, Answer... sequence) {
        answers.put(pathAndQuery, new ArrayDeque<>(List.of(sequence)));
        return this;
    }

    static Answer ok(String resource) {
        return new Answer(200, resource(resource), Map.of("Content-Type", "application/hal+json"), false);
    }

    static Answer status(int status, String body, Map<String, String> headers) {
        return new Answer(status, body, headers, false);
    }

    static Answer hang() {
        return new Answer(0, "", Map.of(), true);
    }

    List<String> received() {
        return received;
    }

    private void handle(HttpExchange exchange) throws IOException {
        final String key = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        received.add(key);
        final Deque<Answer> queue = answers.get(key);
        final Answer answer = queue == null ? status(404, "{\"type\":\"https://stellar.org/horizon-errors/not_found\","
                + "\"title\":\"Resource Missing\",\"status\":404,\"detail\":\"no fake answer for " + key + "\"}",
                Map.of()) : queue.size() > 1 ? queue.poll() : queue.peek();
        if (answer.hang()) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        final byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    static String resource(String name) {
        try (InputStream in = FakeHorizon.class.getResourceAsStream("/horizon/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /horizon/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
