package io.ledgerlens.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerlens.testsupport.ChildJvm;
import io.ledgerlens.testsupport.PostgresProcess;
import io.ledgerlens.testsupport.RedisProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL stopped, then SIGTERM: the instance exits within its shutdown budget, keeps its report in a local
 * file, and once PostgreSQL is back the next start saves it (and does not take the run for an unclean exit).
 */
class PostgresGoneAtShutdownIT {
    private static final Pattern RUN = Pattern.compile("ledgerlens ready: run=(\\S+)");

    @TempDir
    Path dir;
    private PostgresProcess postgres;
    private RedisProcess redis;
    private ServiceProcess service;

    @BeforeEach
    void start() {
        postgres = PostgresProcess.start();
        redis = RedisProcess.start();
        service = new ServiceProcess(dir, redis.url())
                .env("DATABASE_URL", postgres.createDatabase())
                .env("DATABASE_USER", PostgresProcess.USER)
                .env("INSTANCE_ID", "pod-a");
    }

    @AfterEach
    void stop() {
        service.close();
        redis.close();
        postgres.close();
    }

    @Test
    void theReportIsKeptAndSavedAtTheNextStart() throws Exception {
        final ChildJvm first = service.startAndAwaitReady();
        final Matcher ready = RUN.matcher(first.waitForLine(RUN, Duration.ofSeconds(5)));
        assertThat(ready.find()).isTrue();
        final String runId = ready.group(1);
        assertThat(first.lines()).as("the instance id in every log line, after the time")
                .anyMatch(l -> l.matches("INFO +\\[[^]]+\\] pod-a io\\.ledgerlens\\.LedgerLensApplication: "
                        + "ledgerlens ready: run=.*"));

        postgres.stop();
        first.signal("TERM");
        first.waitForExit(service.totalBudget().plusSeconds(5));
        assertThat(first.exitedAfterLastSignal()).as("exit within the shutdown budget")
                .isLessThan(service.totalBudget());
        final Path kept = dir.resolve("pending-shutdown-reports").resolve(runId + ".json");
        assertThat(kept).as(first.tail(40)).exists();
        assertThat(first.lines()).anyMatch(l -> l.contains("shutdown report of run " + runId + " kept in"));

        postgres.launch();
        final ChildJvm second = service.startAndAwaitReady();
        assertThat(second.lines()).anyMatch(l -> l.contains("pending shutdown report saved: run=" + runId));
        assertThat(second.lines()).noneMatch(l -> l.contains("unclean previous exit"));
        assertThat(kept).doesNotExist();
        final JsonNode report = service.reports(1).get(0);
        assertThat(report.get("runId").asText()).isEqualTo(runId);
        assertThat(report.get("instanceId").asText()).isEqualTo("pod-a");
        assertThat(report.get("unclean").asBoolean()).isFalse();
        assertThat(report.get("cause").asText()).isEqualTo("SIGTERM");
        JsonNode database = null;
        for (JsonNode phase : report.get("phases")) {
            if (phase.get("name").asText().equals("database")) {
                database = phase;
            }
        }
        assertThat(database).as(report.toString()).isNotNull();
        assertThat(database.get("outcome").asText()).as(report.toString()).isEqualTo("clean");
        assertThat(database.get("durationMs").asLong()).isLessThanOrEqualTo(database.get("budgetMs").asLong());
        System.out.println("report kept while PostgreSQL was down: " + report);
        try (Stream<Path> left = Files.list(dir.resolve("pending-shutdown-reports"))) {
            assertThat(left).isEmpty();
        }
        second.signal("TERM");
        assertThat(second.waitForExit(service.totalBudget().plusSeconds(5))).isZero();
    }
}
