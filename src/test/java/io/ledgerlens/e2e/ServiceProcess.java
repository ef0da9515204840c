package io.ledgerlens.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlens.testsupport.ChildJvm;
import io.ledgerlens.testsupport.FreePorts;
import io.ledgerlens.testsupport.HttpProbe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One LedgerLens child JVM: the shaded jar plus the test classes ({@link E2eApplication}), the repository's
 * config.yml, free ports, an SQLite file in a test directory, budgets from environment variables as an operator
 * would set them.
 */
final class ServiceProcess implements AutoCloseable {
    static final Pattern READY = Pattern.compile("ledgerlens ready: run=");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The webhook management token every instance gets unless a test sets another (empty: the token file). */
    static final String WEBHOOKS_TOKEN = "e2e-webhooks-token";

    private final Path dir;
    private final String redisUrl;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, String> props = new LinkedHashMap<>();
    private final int appPort = FreePorts.next();
    private final int adminPort = FreePorts.next();
    private ChildJvm jvm;
    private int starts;

    ServiceProcess(Path dir, String redisUrl) {
        this.dir = dir;
        this.redisUrl = redisUrl;
        env.put("SHUTDOWN_TOTAL_TIMEOUT", "15s");
        env.put("WEBHOOKS_API_TOKEN", WEBHOOKS_TOKEN);
        env.put("SHUTDOWN_DRAIN_MIN_WAIT", "0s");
        env.put("SHUTDOWN_DRAIN_QUIET_PERIOD", "300ms");
        env.put("SHUTDOWN_DRAIN_MAX_WAIT", "2s");
        env.put("SHUTDOWN_WEBSOCKET_TIMEOUT", "1s");
        env.put("SHUTDOWN_GRACEFUL_TIMEOUT", "5s");
        env.put("SHUTDOWN_BACKGROUND_TIMEOUT", "2s");
        env.put("SHUTDOWN_REDIS_TIMEOUT", "1s");
        env.put("SHUTDOWN_DB_TIMEOUT", "1s");
    }

    ServiceProcess env(String key, String value) {
        env.put(key, value);
        return this;
    }

    ServiceProcess property(String key, String value) {
        props.put(key, value);
        return this;
    }

    Duration totalBudget() {
        return Duration.parse("PT" + env.get("SHUTDOWN_TOTAL_TIMEOUT").toUpperCase());
    }

    ChildJvm start() {
        starts++;
        final String jar = System.getProperty("ledgerlens.jar", "target/ledgerlens.jar");
        final ChildJvm.Builder builder = ChildJvm.builder()
                .classpath(jar + java.io.File.pathSeparator + Path.of("target/test-classes").toAbsolutePath())
                .mainClass(E2eApplication.class.getName())
                .args("server", Path.of("config.yml").toAbsolutePath().toString())
                .jvmOption("-Xmx256m")
                .systemProperty("dw.server.applicationConnectors[0].port", String.valueOf(appPort))
                .systemProperty("dw.server.adminConnectors[0].port", String.valueOf(adminPort))
                .systemProperty("dw.logging.loggers.io\\.dropwizard", "WARN")
                .env("LEDGERLENS_DB", dir.resolve("ledgerlens.db").toString())
                .env("SHUTDOWN_PENDING_REPORTS_DIR", dir.resolve("pending-shutdown-reports").toString())
                .env("REDIS_URL", redisUrl)
                .logFile(dir.resolve("service-" + starts + ".log"));
        env.forEach(builder::env);
        props.forEach(builder::systemProperty);
        jvm = builder.start();
        return jvm;
    }

    ChildJvm startAndAwaitReady() {
        start().waitForLine(READY, Duration.ofSeconds(60));
        return jvm;
    }

    ChildJvm jvm() {
        return jvm;
    }

    int appPort() {
        return appPort;
    }

    String app(String path) {
        return "http://127.0.0.1:" + appPort + path;
    }

    String admin(String path) {
        return "http://127.0.0.1:" + adminPort + path;
    }

    String ws() {
        return "ws://127.0.0.1:" + appPort + "/ws";
    }

    /** The newest persisted shutdown reports, through the admin task, as an operator reads them. */
    JsonNode reports(int limit) {
        final HttpResponse<String> response = HttpProbe.post(admin("/tasks/shutdown-report?limit=" + limit), "",
                Duration.ofSeconds(10));
        if (response.statusCode() != 200) {
            throw new AssertionError("shutdown-report answered " + response.statusCode() + ": " + response.body());
        }
        try {
            return JSON.readTree(response.body()).get("reports");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("service-" + starts + ".log"));
    }

    @Override
    public void close() {
        if (jvm != null) {
            jvm.close();
        }
    }
}
