package io.ledgerlens.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlens.testsupport.ExternalProcess;
import io.ledgerlens.testsupport.RequiredTool;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Several WebSocket clients in one Node.js process, from a library the project did not write: Node's built-in
 * {@code WebSocket} (undici) or the npm package {@code ws}, run by {@code src/test/node/ws-clients.cjs}. The
 * {@code ws} package is installed with {@code npm ci} from the committed lock file into {@code target/node-clients}
 * the first time it is needed.
 */
final class NodeWebSocketClients implements AutoCloseable {
    enum Library { BUILTIN, WS }

    private static final Path NODE_DIR = Path.of("src/test/node");
    private static final Path INSTALL_DIR = Path.of("target/node-clients");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.(\\d+)");

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<String> result = new CompletableFuture<>();

    private NodeWebSocketClients(Process process) {
        this.process = process;
        final Thread pump = new Thread(this::pump, "node-clients-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    static NodeWebSocketClients start(Library library, String url, int clients, Duration timeout) {
        final List<String> command = new ArrayList<>(List.of("node"));
        if (nodeMajorVersion() < 22) {
            command.add("--experimental-websocket");
        }
        command.addAll(List.of(NODE_DIR.resolve("ws-clients.cjs").toAbsolutePath().toString(),
                library.name().toLowerCase(), url, String.valueOf(clients), String.valueOf(timeout.toMillis())));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (library == Library.WS) {
            builder.environment().put("NODE_PATH", installWsPackage().toAbsolutePath().toString());
        }
        try {
            return new NodeWebSocketClients(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Node 20.10 or newer: the first with a global WebSocket (behind a flag until Node 22). */
    private static int nodeMajorVersion() {
        final ExternalProcess version = ExternalProcess.run(List.of("node", "--version"), null, Duration.ofSeconds(30));
        final Matcher m = VERSION.matcher(version.output());
        if (version.exitCode() != 0 || !m.find()) {
            throw RequiredTool.missing("node (Node.js 20.10 or newer) is needed on the PATH for the WebSocket client "
                    + "tests; install the Debian package nodejs (and npm). `node --version` said: "
                    + version.output().strip());
        }
        final int major = Integer.parseInt(m.group(1));
        final int minor = Integer.parseInt(m.group(2));
        if (major < 20 || (major == 20 && minor < 10)) {
            throw RequiredTool.missing("Node.js 20.10 or newer is needed (its built-in WebSocket), found "
                    + version.output().strip());
        }
        return major;
    }

    /** @return the node_modules directory holding {@code ws}, installed from the lock file if it is not yet */
    private static synchronized Path installWsPackage() {
        final Path modules = INSTALL_DIR.resolve("node_modules");
        if (Files.isRegularFile(modules.resolve("ws/package.json"))) {
            return modules;
        }
        try {
            Files.createDirectories(INSTALL_DIR);
            for (String file : List.of("package.json", "package-lock.json")) {
                Files.copy(NODE_DIR.resolve(file), INSTALL_DIR.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        final ExternalProcess npm = ExternalProcess.run(List.of("npm", "ci", "--no-audit", "--no-fund"),
                INSTALL_DIR, Duration.ofMinutes(3));
        if (npm.exitCode() != 0 || !Files.isRegularFile(modules.resolve("ws/package.json"))) {
            throw RequiredTool.missing("the npm package ws is needed: `npm ci` in " + INSTALL_DIR + " (from "
                    + NODE_DIR + "/package-lock.json) failed; install npm and reach the npm registry. npm said: "
                    + npm.output().strip());
        }
        return modules;
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                }
                if (line.startsWith("READY ")) {
                    ready.complete(null);
                } else if (line.startsWith("RESULT ") || line.startsWith("TIMEOUT ")) {
                    result.complete(line);
                }
            }
        } catch (IOException e) {
            result.completeExceptionally(e);
        } finally {
            final String output = output();
            ready.completeExceptionally(new AssertionError("node clients ended before READY:\n" + output));
            result.completeExceptionally(new AssertionError("node clients ended without a result:\n" + output));
        }
    }

    private String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    /** Every client has had its first message (or is already closed). */
    void awaitReady(Duration timeout) {
        get(ready, timeout, "READY");
    }

    /** What each client got, once every one is closed. */
    List<ClientOutcome> awaitResult(Duration timeout) {
        final String line = get(result, timeout, "RESULT");
        if (!line.startsWith("RESULT ")) {
            throw new AssertionError("not every client was closed: " + line);
        }
        try {
            final List<ClientOutcome> outcomes = new ArrayList<>();
            for (JsonNode node : JSON.readTree(line.substring("RESULT ".length()))) {
                outcomes.add(ClientOutcome.of(node));
            }
            return outcomes;
        } catch (IOException e) {
            throw new AssertionError("unreadable result: " + line, e);
        }
    }

    private <T> T get(CompletableFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no " + what + " from the node clients within " + timeout + ":\n" + output());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof AssertionError a ? a : new AssertionError(e.getCause());
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
