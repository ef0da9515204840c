package io.ledgerlens.drill;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The instance under drill: one the drill started itself (its own jar, free ports, an SQLite file in a work
 * directory, the caller's environment plus overrides), or one that already runs (URLs and, for signals, a PID).
 */
final class Instance {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String app;
    private final String admin;
    private final Launch launch;
    private ProcessHandle process;
    private Process child;
    private int starts;

    /** How to start the service again; null for an instance the drill did not start. */
    record Launch(String jar, String config, Path workDir, Map<String, String> env) {
    }

    private Instance(String app, String admin, Launch launch, ProcessHandle process) {
        this.app = app;
        this.admin = admin;
        this.launch = launch;
        this.process = process;
    }

    static Instance existing(String app, String admin, Long pid) {
        final ProcessHandle handle = pid == null ? null : ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalArgumentException("no process with pid " + pid));
        return new Instance(strip(app), strip(admin), null, handle);
    }

    static Instance launched(String jar, String config, Path workDir, Map<String, String> env) throws IOException {
        final int appPort = freePort();
        final int adminPort = freePort();
        final Map<String, String> all = new java.util.LinkedHashMap<>(env);
        all.put("PORT", String.valueOf(appPort));
        all.put("ADMIN_PORT", String.valueOf(adminPort));
        all.putIfAbsent("LEDGERLENS_DB", workDir.resolve("ledgerlens.db").toString());
        // The drill's webhook receiver listens on 127.0.0.1, which the SSRF guard refuses by default.
        all.put("WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true");
        // Webhook management needs a token: the drill gives the instance one rather than read its token file.
        if (all.getOrDefault("WEBHOOKS_API_TOKEN", "").isBlank()) {
            all.put("WEBHOOKS_API_TOKEN", java.util.UUID.randomUUID().toString());
        }
        return new Instance("http://127.0.0.1:" + appPort, "http://127.0.0.1:" + adminPort,
                new Launch(jar, config, workDir, all), null);
    }

    /** The SQLite file of an instance the drill started; null otherwise. */
    Path database() {
        return launch == null ? null : Path.of(launch.env().get("LEDGERLENS_DB"));
    }

    boolean canRestart() {
        return launch != null;
    }

    boolean hasProcess() {
        return process != null;
    }

    String app() {
        return app;
    }

    String admin() {
        return admin;
    }

    long pid() {
        return process.pid();
    }

    /** Starts the service (again) and waits until readiness answers 200; @return how long that took */
    Duration start(Duration timeout) throws IOException, InterruptedException {
        if (launch == null) {
            throw new IllegalStateException("the drill did not start this instance");
        }
        starts++;
        final List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-jar", launch.jar(),
                "server", launch.config()));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(launch.workDir().resolve("service-" + starts + ".log").toFile());
        builder.environment().putAll(launch.env());
        final long begin = System.nanoTime();
        child = builder.start();
        process = child.toHandle();
        final long deadline = begin + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the service exited during startup; see " + log());
            }
            if (status(app + "/health-check") == 200) {
                return Duration.ofNanos(System.nanoTime() - begin);
            }
            Thread.sleep(50);
        }
        throw new IOException("the service was not ready after " + timeout.toSeconds() + " s; see " + log());
    }

    Path log() {
        return launch.workDir().resolve("service-" + starts + ".log");
    }

    /** Sends a signal with kill(1): TERM, INT or KILL. */
    void signal(String name) throws IOException, InterruptedException {
        final Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** @return the exit code when the drill started the process, empty for another's process or a timeout */
    Optional<Integer> awaitExit(Duration timeout) throws InterruptedException {
        if (process == null) {
            return Optional.empty();
        }
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return Optional.empty();
        }
        return child != null && child.toHandle().pid() == process.pid() ? Optional.of(child.waitFor())
                : Optional.of(-1);
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    void destroy() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /** An admin task: no body, no content type, and the admin token when ADMIN_TOKEN is set. */
    HttpResponse<String> post(String url) throws IOException, InterruptedException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody());
        final String token = adminToken();
        if (!token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The ADMIN_TOKEN of the instance the drill started, or of the drill's own environment; empty: none. */
    private String adminToken() {
        final String token = launch != null ? launch.env().get("ADMIN_TOKEN") : System.getenv("ADMIN_TOKEN");
        return token == null ? "" : token.strip();
    }

    /** A POST to the webhook API, with the instance's WEBHOOKS_API_TOKEN when it has one. */
    HttpResponse<String> postJson(String url, String json) throws IOException, InterruptedException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        final String token = launch != null ? launch.env().get("WEBHOOKS_API_TOKEN")
                : System.getenv("WEBHOOKS_API_TOKEN");
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token.strip());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
