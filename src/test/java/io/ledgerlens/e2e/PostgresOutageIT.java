package io.ledgerlens.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlens.testsupport.ChildJvm;
import io.ledgerlens.testsupport.HttpProbe;
import io.ledgerlens.testsupport.Poll;
import io.ledgerlens.testsupport.PostgresProcess;
import io.ledgerlens.testsupport.RedisProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL stopped under a running instance and started again: cached answers keep being served, the rest are
 * 503 JSON with Retry-After, the jobs resume when the server is back, and the stored chain has no gap.
 */
class PostgresOutageIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration T = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private PostgresProcess postgres;
    private RedisProcess redis;
    private ServiceProcess service;
    private String url;

    @BeforeEach
    void start() {
        postgres = PostgresProcess.start();
        redis = RedisProcess.start();
        url = postgres.createDatabase();
        service = new ServiceProcess(dir, redis.url())
                .env("DATABASE_URL", url)
                .env("DATABASE_USER", PostgresProcess.USER)
                .env("INGEST_START", "1");
    }

    @AfterEach
    void stop() {
        service.close();
        redis.close();
        postgres.close();
    }

    @Test
    void aRestartOfPostgresIsRiddenOut() throws Exception {
        final ChildJvm jvm = service.startAndAwaitReady();
        Poll.until("ledgers stored", T, () -> storedLedgers() > 5);
        assertThat(get("/api/ledgers/3").statusCode()).isEqualTo(200);

        postgres.stop();
        try {
            final HttpResponse<String> cached = get("/api/ledgers/3");
            assertThat(cached.statusCode()).as("a cached answer is still served").isEqualTo(200);
            final HttpResponse<String> uncached = get("/api/ledgers/4");
            assertThat(uncached.statusCode()).as(uncached.body()).isEqualTo(503);
            assertThat(uncached.headers().firstValue("Retry-After")).contains("5");
            final JsonNode error = JSON.readTree(uncached.body());
            assertThat(error.get("code").asInt()).isEqualTo(503);
            assertThat(error.get("message").asText()).contains("store is unreachable");
            assertThat(get("/health-check/live").statusCode()).as("the process itself is alive").isEqualTo(200);
        } finally {
            postgres.launch();
        }

        final long afterRestart = storedLedgers();
        Poll.until("ingestion resumes", T, () -> storedLedgers() > afterRestart + 3);
        assertThat(get("/api/ledgers/4").statusCode()).isEqualTo(200);
        jvm.signal("TERM");
        assertThat(jvm.waitForExit(service.totalBudget().plusSeconds(10))).isZero();
        assertConsecutive();
    }

    private HttpResponse<String> get(String path) {
        return HttpProbe.get(service.app(path), Duration.ofSeconds(20));
    }

    private long storedLedgers() {
        try {
            return ledgers().size();
        } catch (SQLException e) {
            return -1;
        }
    }

    private List<Long> ledgers() throws SQLException {
        try (Connection c = DriverManager.getConnection(url + "?connectTimeout=5", PostgresProcess.USER, "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT sequence FROM ledgers ORDER BY sequence")) {
            final List<Long> sequences = new ArrayList<>();
            while (rs.next()) {
                sequences.add(rs.getLong(1));
            }
            return sequences;
        }
    }

    private void assertConsecutive() throws SQLException {
        final List<Long> sequences = ledgers();
        for (int i = 0; i < sequences.size(); i++) {
            assertThat(sequences.get(i)).as("ledger at position %d", i).isEqualTo(sequences.get(0) + i);
        }
    }
}
