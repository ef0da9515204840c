package io.ledgerlens.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlens.testsupport.RedisProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The drill as an operator runs it: the shaded jar, starting its own instance, against a real Redis. */
class DrillIT {
    @TempDir
    Path dir;
    private final RedisProcess redis = RedisProcess.start();

    @AfterEach
    void stop() {
        redis.close();
    }

    private Process drill(String... args) throws Exception {
        final String jar = System.getProperty("ledgerlens.jar", "target/ledgerlens.jar");
        final List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"),
                "bin", "java").toString(), "-jar", jar, "drill", "--work-dir", dir.toString()));
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectError(dir.resolve("drill.err").toFile());
        builder.environment().put("REDIS_URL", redis.url());
        builder.environment().put("SHUTDOWN_DRAIN_QUIET_PERIOD", "200ms");
        builder.environment().put("SHUTDOWN_DRAIN_MAX_WAIT", "2s");
        return builder.start();
    }

    @Test
    void aSigtermDrillWithRestartPassesAndSaysWhy() throws Exception {
        final Process drill = drill("--restart", "--json", "--rps", "20", "--websockets", "3", "--before", "2");
        final String out = new String(drill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(drill.waitFor(120, TimeUnit.SECONDS)).isTrue();
        final JsonNode report = new ObjectMapper().readTree(out);
        assertThat(drill.exitValue()).as(out).isZero();
        assertThat(report.get("passed").asBoolean()).isTrue();
        assertThat(report.get("checks").findValuesAsText("check")).contains("requests sent before the stop",
                "websocket clients", "stop-to-exit", "exit code", "persisted shutdown report", "stored ledgers",
                "websocket resume", "webhook events");
        assertThat(report.path("data").path("shutdownReport").path("outcome").asText()).isEqualTo("clean");
        assertThat(report.path("data").path("webhooks").path("produced").asInt()).isPositive();
        assertThat(report.path("data").path("webhooks").path("missing").asInt()).isZero();
        assertThat(java.nio.file.Files.readString(dir.resolve("drill.err"))).contains("[drill] stopping: sigterm");
    }

    @Test
    void aKillMinusNineDrillFindsTheUncleanExitAndNoGap() throws Exception {
        final Process drill = drill("--stop", "sigkill", "--restart", "--rps", "20", "--websockets", "1",
                "--before", "2");
        final String out = new String(drill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(drill.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(drill.exitValue()).as(out).isZero();
        assertThat(out).contains("exit code").contains("137 (expected 137)").contains("failed (unclean)")
                .contains("consecutive, none twice").contains(" 0 missing").contains("websocket resume")
                .contains("verdict").contains("PASS");
    }
}
