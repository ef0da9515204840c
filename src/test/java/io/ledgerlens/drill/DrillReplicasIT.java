package io.ledgerlens.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlens.testsupport.PostgresProcess;
import io.ledgerlens.testsupport.RedisProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code drill --replicas 3} as an operator runs it: the shaded jar starts three instances on a real PostgreSQL
 * and Redis, puts HAProxy in front, rolls them under load and says what every request and exit came to.
 */
class DrillReplicasIT {
    @TempDir
    Path dir;
    private final PostgresProcess postgres = PostgresProcess.start();
    private final RedisProcess redis = RedisProcess.start();

    @AfterEach
    void stop() {
        redis.close();
        postgres.close();
    }

    private Process drill(String databaseUrl, String... args) throws Exception {
        final String jar = System.getProperty("ledgerlens.jar", "target/ledgerlens.jar");
        final List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"),
                "bin", "java").toString(), "-jar", jar, "drill", "--work-dir", dir.toString()));
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectError(dir.resolve("drill.err").toFile());
        builder.environment().put("REDIS_URL", redis.url());
        builder.environment().put("DATABASE_URL", databaseUrl);
        builder.environment().put("DATABASE_USER", PostgresProcess.USER);
        builder.environment().put("SHUTDOWN_DRAIN_MAX_WAIT", "5s");
        builder.environment().put("INGEST_POLL_INTERVAL", "250ms");
        return builder.start();
    }

    @Test
    void threeReplicasRolledBehindHaproxyAnswerEveryRequestAndKeepTheChain() throws Exception {
        final Process drill = drill(postgres.createDatabase(), "--replicas", "3", "--json", "--rps", "20",
                "--before", "2");
        final String out = new String(drill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(drill.waitFor(300, TimeUnit.SECONDS)).isTrue();
        System.out.println("drill --replicas 3: " + out);
        assertThat(drill.exitValue()).as("%s%n%s", out, Files.readString(dir.resolve("drill.err"))).isZero();
        final JsonNode report = new ObjectMapper().readTree(out);
        assertThat(report.get("passed").asBoolean()).isTrue();
        assertThat(report.get("checks").findValuesAsText("check")).contains("requests through the balancer",
                "exits (code/SIGTERM-to-exit)", "largest gap between ledger commits during the roll", "stored ledgers");
        assertThat(report.path("data").path("requests").asInt()).isGreaterThan(50);
        assertThat(report.path("data").path("notOk").asInt()).isZero();
        assertThat(report.path("data").path("exits")).hasSize(3);
        assertThat(report.path("data").path("ledgers").asInt()).isPositive();
    }

    @Test
    void withoutASharedPostgresTheDrillRefusesToStart() throws Exception {
        final Process drill = drill("jdbc:sqlite:" + dir.resolve("x.db"), "--replicas", "3");
        assertThat(drill.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(drill.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("drill.err"))).contains("--replicas needs the shared PostgreSQL");
    }
}
