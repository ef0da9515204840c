package io.ledgerlens.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerlens.testsupport.ChildJvm;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The ways a stop can go wrong, each with a real child JVM and real signals. */
class ShutdownVariantsIT extends ChildServiceTest {
    /** JVM exit after the halt or exit call: a loose allowance for a loaded machine. */
    private static final Duration EXIT_SLACK = Duration.ofSeconds(2);

    @Test
    void aManagedStopThatHangsIsCutOffAndTheExitStaysWithinBudget() throws Exception {
        service.env("SHUTDOWN_TOTAL_TIMEOUT", "8s").env("SHUTDOWN_GRACEFUL_TIMEOUT", "2s")
                .property("e2e.hangOnStop", "true").property("e2e.stuckJob", "true");
        final ChildJvm jvm = service.startAndAwaitReady();
        jvm.signal("TERM");
        final int code = jvm.waitForExit(Duration.ofSeconds(30));

        assertThat(code).as("exit code for timed_out").isEqualTo(2);
        assertThat(jvm.exitedAfterLastSignal()).isLessThan(service.totalBudget().plus(EXIT_SLACK));
        final JsonNode report = restartAndReadReport();
        assertThat(report.get("outcome").asText()).isEqualTo("timed_out");
        final Map<String, String> phases = phaseOutcomes(report);
        assertThat(phases).containsEntry("http", "timed_out").containsEntry("background", "timed_out")
                .containsEntry("redis", "clean").containsEntry("database", "clean");
        assertThat(report.get("facts").get("jobsStuck").asInt()).isEqualTo(1);
    }

    @Test
    void aSecondSigtermForcesTheExitAndIsRecorded() throws Exception {
        service.env("SHUTDOWN_DRAIN_MIN_WAIT", "10s").env("SHUTDOWN_DRAIN_MAX_WAIT", "10s");
        final ChildJvm jvm = service.startAndAwaitReady();
        jvm.signal("TERM");
        jvm.waitForLine(Pattern.compile("shutdown phase=signal"), Duration.ofSeconds(10));
        jvm.signal("TERM");
        final int code = jvm.waitForExit(Duration.ofSeconds(30));

        assertThat(code).as("exit code of a forced exit").isEqualTo(3);
        assertThat(jvm.exitedAfterLastSignal()).as("second SIGTERM to exit").isLessThan(Duration.ofSeconds(5));
        assertThat(jvm.tail(50)).contains("second SIGTERM received while shutting down");
        final JsonNode report = restartAndReadReport();
        assertThat(report.get("outcome").asText()).isEqualTo("forced");
        assertThat(report.get("exitCode").asInt()).isEqualTo(3);
        assertThat(report.get("cause").asText()).contains("second SIGTERM");
    }

    @Test
    void redisKilledBeforeTheStopIsRecordedAsDroppedCacheWritesAndTheStopIsClean() throws Exception {
        final ChildJvm jvm = service.startAndAwaitReady();
        redis.kill();
        jvm.signal("TERM");
        final int code = jvm.waitForExit(Duration.ofSeconds(30));

        assertThat(jvm.exitedAfterLastSignal()).isLessThan(service.totalBudget());
        assertThat(code).as("cache writes are not data: Redis is optional, the stop is clean").isZero();
        redis.restart();
        final JsonNode report = restartAndReadReport();
        assertThat(report.get("outcome").asText()).isEqualTo("clean");
        final JsonNode redisPhase = phase(report, "redis");
        assertThat(redisPhase.get("outcome").asText()).isEqualTo("clean");
        assertThat(redisPhase.get("detail").asText()).contains("redis unreachable")
                .contains("queued cache writes dropped");
        assertThat(report.get("facts").get("redisUnflushedWrites").asInt()).isPositive();
        assertThat(phaseOutcomes(report)).containsEntry("database", "clean");
    }

    @Test
    void sigtermDuringStartupStopsAsSoonAsStartupCompletes() throws Exception {
        service.property("e2e.startupDelayMs", "2000");
        final ChildJvm jvm = service.start();
        jvm.waitForLine(Pattern.compile("e2e: startup delay begins"), Duration.ofSeconds(60));
        jvm.signal("TERM");
        final int code = jvm.waitForExit(Duration.ofSeconds(30));

        assertThat(code).isZero();
        assertThat(jvm.exitedAfterLastSignal()).isLessThan(service.totalBudget());
        assertThat(jvm.tail(80)).contains("shutdown requested during startup");
        service.property("e2e.startupDelayMs", "0");
        final JsonNode report = restartAndReadReport();
        assertThat(report.get("outcome").asText()).isEqualTo("clean");
        assertThat(phase(report, "drain").get("outcome").asText()).isEqualTo("skipped");
    }

    @Test
    void aStartupThatHangsAfterSigtermIsEndedByTheWatchdogWithinTheBudget() throws Exception {
        service.env("SHUTDOWN_TOTAL_TIMEOUT", "6s").env("SHUTDOWN_GRACEFUL_TIMEOUT", "2s")
                .property("e2e.startupDelayMs", "120000");
        final ChildJvm jvm = service.start();
        jvm.waitForLine(Pattern.compile("e2e: startup delay begins"), Duration.ofSeconds(60));
        jvm.signal("TERM");
        final int code = jvm.waitForExit(Duration.ofSeconds(30));

        assertThat(code).as("exit code of the watchdog").isEqualTo(4);
        assertThat(jvm.exitedAfterLastSignal()).isGreaterThanOrEqualTo(Duration.ofSeconds(5))
                .isLessThan(service.totalBudget().plus(EXIT_SLACK));
        assertThat(jvm.tail(40)).contains("startup has not finished within the total shutdown budget");
        service.property("e2e.startupDelayMs", "0");
        final ChildJvm next = service.startAndAwaitReady();
        assertThat(next.tail(200)).contains("unclean previous exit");
    }

    @Test
    void sigintStopsTheSameWayAsSigterm() throws Exception {
        final ChildJvm jvm = service.startAndAwaitReady();
        jvm.signal("INT");
        assertThat(jvm.waitForExit(Duration.ofSeconds(30))).isZero();
        final JsonNode report = restartAndReadReport();
        assertThat(report.get("outcome").asText()).isEqualTo("clean");
        assertThat(report.get("cause").asText()).isEqualTo("SIGINT");
    }

    @Test
    void sigkillIsDetectedAsAnUncleanExitAtTheNextStart() throws Exception {
        final ChildJvm jvm = service.startAndAwaitReady();
        jvm.signal("KILL");
        jvm.waitForExit(Duration.ofSeconds(30));

        final ChildJvm next = service.startAndAwaitReady();
        assertThat(next.tail(200)).contains("unclean previous exit");
        final JsonNode report = service.reports(1).get(0);
        assertThat(report.get("unclean").asBoolean()).isTrue();
        assertThat(report.get("outcome").asText()).isEqualTo("failed");
        assertThat(report.get("cause").asText()).contains("SIGKILL, crash or power loss");
    }

    @Test
    void aSecondInstanceOnTheSameDatabaseDoesNotCallTheRunningOneUnclean() throws Exception {
        service.startAndAwaitReady();
        final java.nio.file.Path other = java.nio.file.Files.createDirectories(dir.resolve("second"));
        try (ServiceProcess second = new ServiceProcess(other, redis.url())
                .env("LEDGERLENS_DB", dir.resolve("ledgerlens.db").toString())) {
            final ChildJvm jvm = second.startAndAwaitReady();
            assertThat(jvm.tail(200)).doesNotContain("unclean previous exit")
                    .contains("is still running on this database; not judged");
        }
    }

    private JsonNode restartAndReadReport() {
        service.startAndAwaitReady();
        return service.reports(1).get(0);
    }

    private static Map<String, String> phaseOutcomes(JsonNode report) {
        final Map<String, String> outcomes = new HashMap<>();
        report.get("phases").forEach(p -> outcomes.put(p.get("name").asText(), p.get("outcome").asText()));
        return outcomes;
    }

    private static JsonNode phase(JsonNode report, String name) {
        for (JsonNode p : report.get("phases")) {
            if (p.get("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no phase " + name + " in " + report);
    }
}
