package io.ledgerlens.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ledgerlens.testsupport.ExternalProcess;
import io.ledgerlens.testsupport.RequiredTool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Several WebSocket clients in a page of headless Chromium (Debian's {@code chromium}), kept off the network: a
 * JDK HttpServer on loopback serves the page, which opens the sockets, posts {@code /ready} once each has had
 * its first message (or is closed), and posts what each got to {@code /result} once every one is closed.
 */
final class ChromiumWebSocketClients implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAGE = """
            <!doctype html><html><body><script>
            const url = %s, count = %d;
            const results = [];
            let announced = false, settled = 0;
            const post = (path, body) => fetch(path, {method: 'POST', body: JSON.stringify(body)});
            function ready() {
              if (!announced && results.every(r => r.types.length > 0 || r.closed)) {
                announced = true;
                post('/ready', {});
              }
            }
            for (let i = 0; i < count; i++) {
              const r = {client: i, types: [], notice: null, closed: false};
              results.push(r);
              const socket = new WebSocket(url);
              socket.onmessage = (e) => {
                const m = JSON.parse(e.data);
                r.types.push(m.type);
                if (m.type === 'server_shutdown') { r.notice = m; }
                ready();
              };
              socket.onerror = () => { r.error = 'error event'; };
              socket.onclose = (e) => {
                if (r.closed) { return; }
                Object.assign(r, {closed: true, code: e.code, reason: e.reason, wasClean: e.wasClean});
                ready();
                if (++settled === count) { post('/result', results); }
              };
            }
            </script></body></html>
            """;

    private final HttpServer server;
    private final Process browser;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<String> result = new CompletableFuture<>();

    private ChromiumWebSocketClients(String wsUrl, int clients, Path profile) throws IOException {
        final String page = PAGE.formatted(JSON.writeValueAsString(wsUrl), clients);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/page", exchange -> answer(exchange, 200, "text/html", page));
        server.createContext("/ready", exchange -> {
            ready.complete(null);
            answer(exchange, 204, "text/plain", "");
        });
        server.createContext("/result", exchange -> {
            result.complete(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            answer(exchange, 204, "text/plain", "");
        });
        server.createContext("/", exchange -> answer(exchange, 404, "text/plain", "not found"));
        server.start();
        final String pageUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/page";
        final ProcessBuilder builder = new ProcessBuilder("chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile.resolve("profile"), pageUrl)
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile());
        builder.environment().put("TMPDIR", profile.toString());
        browser = builder.start();
    }

    /** @param dir a fresh directory for the browser's profile and log */
    static ChromiumWebSocketClients start(String wsUrl, int clients, Path dir) {
        final ExternalProcess version = ExternalProcess.run(List.of("chromium", "--version"), null,
                Duration.ofSeconds(60));
        if (version.exitCode() != 0 || !version.output().contains("Chromium")) {
            throw RequiredTool.missing("chromium is needed on the PATH for the browser WebSocket test; install "
                    + "Debian's package: apt-get install -y chromium. `chromium --version` said: "
                    + version.output().strip());
        }
        try {
            Files.createDirectories(dir);
            return new ChromiumWebSocketClients(wsUrl, clients, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    void awaitReady(Duration timeout) {
        get(ready, timeout, "/ready");
    }

    List<ClientOutcome> awaitResult(Duration timeout) {
        final String body = get(result, timeout, "/result");
        try {
            final List<ClientOutcome> outcomes = new ArrayList<>();
            for (JsonNode node : JSON.readTree(body)) {
                outcomes.add(ClientOutcome.of(node));
            }
            return outcomes;
        } catch (IOException e) {
            throw new AssertionError("unreadable result: " + body, e);
        }
    }

    private <T> T get(CompletableFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the page posted no " + what + " within " + timeout + " (chromium "
                    + (browser.isAlive() ? "running" : "exited " + browser.exitValue()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    @Override
    public void close() {
        browser.descendants().forEach(ProcessHandle::destroyForcibly);
        browser.destroyForcibly();
        try {
            browser.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.stop(0);
    }
}
