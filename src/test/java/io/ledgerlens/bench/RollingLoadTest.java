package io.ledgerlens.bench;

import com.sun.net.httpserver.HttpServer;
import io.ledgerlens.testsupport.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The rolling restart's load generator must fail (exit 1) on any client-visible error and say when and what. */
class RollingLoadTest {
    @TempDir
    Path dir;
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Answers 200, except {@code failing} with 503; creates the until-file after {@code total} requests. */
    private String serve(int failing, int total, Path until) throws IOException {
        final AtomicInteger count = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", exchange -> {
            final int n = count.incrementAndGet();
            final byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(n == failing ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            if (n == total) {
                try {
                    Files.createFile(until);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static int run(ByteArrayOutputStream out, String base, Path until) throws Exception {
        return RollingLoad.run(new String[] {base, "/a,/b", "200", "4", until.toString(),
                String.valueOf(System.currentTimeMillis()), "10"}, new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @Test
    void everyRequestAnsweredIsAPassWithLatencyFigures() throws Exception {
        final Path until = dir.resolve("done");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        final int code = run(out, serve(-1, 40, until), until);

        final String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(code).isZero();
        assertThat(lines).hasSize(1);
        assertThat(lines[0]).containsPattern("^requests=\\d+ failed=0 unanswered=0 failures=- p50_ms=\\d+ "
                + "p99_ms=\\d+ max_ms=\\d+ answer_ms=\\d+/\\d+/\\d+$");
    }

    @Test
    void oneErrorAnswerFailsTheRunAndIsListedWithItsTimeAndKind() throws Exception {
        final Path until = dir.resolve("done");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        final int code = run(out, serve(10, 40, until), until);

        final String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(code).isEqualTo(1);
        assertThat(lines[0]).contains("failed=1 ").contains("failures={503=1}");
        assertThat(lines).hasSize(2);
        assertThat(lines[1]).matches("failure at=\\d+\\.\\d{3}s kind=503 latency_ms=\\d+");
    }

    @Test
    void aRefusedConnectionIsAFailureToo() throws Exception {
        final Path until = dir.resolve("done");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int nobody = FreePorts.next();
        // The file exists before the first request: exactly one request goes out.
        Files.createFile(until);
        final int code = RollingLoad.run(new String[] {"http://127.0.0.1:" + nobody, "/a", "10", "1",
                until.toString(), String.valueOf(System.currentTimeMillis()), "10"},
                new PrintStream(out, true, StandardCharsets.UTF_8));

        final String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(1);
        assertThat(text).startsWith("requests=1 failed=1 ").contains("kind=ConnectException");
    }
}
