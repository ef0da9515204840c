package io.ledgerlens.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.ledgerlens.LedgerLensConfiguration;
import io.ledgerlens.lifecycle.ShutdownOutcome;
import io.ledgerlens.lifecycle.ShutdownReport;
import io.ledgerlens.testsupport.HttpProbe;
import io.ledgerlens.testsupport.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Readiness, liveness, drain/undrain and the admin tasks' answers, against the real app and a real Redis. */
@ExtendWith(DropwizardExtensionsSupport.class)
class AdminAndReadinessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration T = InProcessApp.T;
    private static final InProcessApp RUNNING = InProcessApp.withRedis();
    private static final DropwizardAppExtension<LedgerLensConfiguration> APP = RUNNING.extension;

    @AfterAll
    static void stopRedis() {
        RUNNING.redis.close();
    }

    @AfterEach
    void undrain() {
        post("/tasks/undrain");
    }

    private static String app(String path) {
        return RUNNING.app(path);
    }

    private static String admin(String path) {
        return RUNNING.admin(path);
    }

    private static HttpResponse<String> post(String path) {
        return RUNNING.postAdmin(path);
    }

    @Test
    void readinessAndLivenessAnswer200WhenServing() {
        final HttpResponse<String> ready = HttpProbe.get(app("/health-check"), T);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"status\":\"ready\"");
        assertThat(HttpProbe.get(app("/health-check/live"), T).statusCode()).isEqualTo(200);
    }

    @Test
    void drainTurnsReadinessTo503AtOnceKeepsServingAndUndrainRestoresIt() {
        final HttpResponse<String> drained = post("/tasks/drain");
        assertThat(drained.statusCode()).isEqualTo(200);
        assertThat(drained.body()).contains("\"changed\":true");

        final HttpResponse<String> ready = HttpProbe.get(app("/health-check"), T);
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("\"status\":\"draining\"");
        assertThat(HttpProbe.get(app("/health-check/live"), T).statusCode())
                .as("liveness is not readiness: a draining instance is alive").isEqualTo(200);

        // Still serving, but telling keep-alive clients to reconnect elsewhere.
        final HttpResponse<String> served = HttpProbe.get(app("/no-such-resource"), T);
        assertThat(served.statusCode()).isEqualTo(404);
        assertThat(served.headers().firstValue("Connection")).hasValue("close");

        assertThat(post("/tasks/undrain").body()).contains("\"changed\":true");
        assertThat(HttpProbe.get(app("/health-check"), T).statusCode()).isEqualTo(200);
        assertThat(HttpProbe.get(app("/no-such-resource"), T).headers().firstValue("Connection")).isEmpty();
    }

    @Test
    void drainTwiceReportsNoChange() {
        post("/tasks/drain");
        assertThat(post("/tasks/drain").body()).contains("\"changed\":false");
    }

    @Test
    void shutdownDryRunPrintsThePlanAndShutsNothingDown() {
        final HttpResponse<String> response = post("/tasks/shutdown?dryRun=true");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"dryRun\":true").contains("drain").contains("websockets")
                .contains("http").contains("background").contains("redis").contains("database").contains("report");
        assertThat(HttpProbe.get(app("/health-check"), T).statusCode()).isEqualTo(200);
    }

    @Test
    void badTaskParametersGet400WithAJsonReason() {
        final HttpResponse<String> dryRun = post("/tasks/shutdown?dryRun=maybe");
        assertThat(dryRun.statusCode()).isEqualTo(400);
        assertThat(dryRun.body()).contains("dryRun must be true or false");

        for (String limit : new String[] {"abc", "0", "101", "-3"}) {
            final HttpResponse<String> report = post("/tasks/shutdown-report?limit=" + limit);
            assertThat(report.statusCode()).as("limit=" + limit).isEqualTo(400);
            assertThat(report.headers().firstValue("Content-Type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("application/json"));
            assertThat(report.body()).contains("limit must be a whole number from 1 to 100");
        }
        assertThat(HttpProbe.get(admin("/tasks/drain"), T).statusCode()).isEqualTo(405);
    }

    @Test
    void shutdownReportFiltersByInstanceAndRefusesABadOrUnknownParameter() throws Exception {
        final var reports = RUNNING.application().wiring().reports();
        final java.time.Instant t0 = java.time.Instant.parse("2026-11-24T10:00:00Z");
        final List<String> runs = List.of("filter-a-1", "filter-b-1", "filter-a-2");
        try {
            for (int i = 0; i < runs.size(); i++) {
                final String run = runs.get(i);
                reports.recordRunStarted(run, run.contains("-a-") ? "pod-a" : "pod-b", 100 + i, "host",
                        t0.plusSeconds(60L * i));
                reports.save(new ShutdownReport(run, "SIGTERM", t0.plusSeconds(60L * i + 30), ShutdownOutcome.CLEAN,
                        10, 25_000, 0, List.of(), Map.of(), false));
            }
            final HttpResponse<String> a = post("/tasks/shutdown-report?instance=pod-a&limit=5");
            assertThat(a.statusCode()).isEqualTo(200);
            final JsonNode body = JSON.readTree(a.body());
            assertThat(body.get("instance").asText()).isEqualTo("pod-a");
            assertThat(body.get("reports").findValuesAsText("runId")).containsExactly("filter-a-2", "filter-a-1");
            assertThat(body.get("reports").findValuesAsText("instanceId")).containsOnly("pod-a");
            assertThat(JSON.readTree(post("/tasks/shutdown-report?instance=pod-a").body()).get("reports")
                    .findValuesAsText("runId")).as("limit defaults to 1").containsExactly("filter-a-2");
            assertThat(JSON.readTree(post("/tasks/shutdown-report?instance=pod-z&limit=5").body()).get("reports"))
                    .isEmpty();

            for (String bad : new String[] {"instance=", "instance=a%20b", "instance=" + "x".repeat(101),
                    "instanse=pod-a", "limit=2&foo=1"}) {
                final HttpResponse<String> refused = post("/tasks/shutdown-report?" + bad);
                assertThat(refused.statusCode()).as(bad).isEqualTo(400);
                assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                        v -> assertThat(v).startsWith("application/json"));
                assertThat(JSON.readTree(refused.body()).get("message").asText()).as(bad)
                        .containsAnyOf("instance must be", "unknown parameter");
            }
        } finally {
            RUNNING.application().wiring().database().jdbi().useHandle(h -> h.createUpdate(
                    "DELETE FROM lifecycle_runs WHERE run_id IN (<runs>)").bindList("runs", runs).execute());
        }
    }

    @Test
    void shutdownReportListsNothingOnAFirstStart() {
        final HttpResponse<String> response = post("/tasks/shutdown-report?limit=5");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"reports\":[]");
    }

    @Test
    void metricsAreExposedInPrometheusTextOnTheAdminPort() {
        final HttpResponse<String> response = HttpProbe.get(admin("/prometheus"), T);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("shutdown_in_progress 0.0").contains("shutdown_outcome_clean")
                .contains("redis_available 1.0").contains("jobs_run_heartbeat_running 1.0")
                .contains("jobs_redis_flush_errors 0.0");
    }

    @Test
    void dropwizardsTaskListNamesEveryLifecycleTaskAndTheyKeepTheirAnswers() {
        final HttpResponse<String> list = HttpProbe.get(admin("/tasks"), T);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body().lines().map(String::strip).toList())
                .contains("drain", "undrain", "shutdown", "shutdown-report", "leadership", "gc", "log-level");
        assertThat(post("/tasks/shutdown?dryRun=maybe").statusCode()).as("still the lifecycle servlet").isEqualTo(400);
    }

    @Test
    void leadershipNamesTheHolderAndAReleaseHandsItOver() throws Exception {
        Poll.until("this single instance takes the lease", T,
                () -> post("/tasks/leadership").body().contains("\"thisInstanceLeads\":true"));
        final JsonNode held = JSON.readTree(post("/tasks/leadership").body());
        assertThat(held.get("lease").asText()).isEqualTo("singleton");
        assertThat(held.get("holder").asText()).isEqualTo(held.get("thisInstance").asText());
        assertThat(held.get("token").asLong()).isPositive();
        assertThat(post("/tasks/leadership?release=maybe").statusCode()).isEqualTo(400);

        final HttpResponse<String> released = post("/tasks/leadership?release=true");
        assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
        assertThat(JSON.readTree(released.body()).get("holder").isNull()).as(released.body()).isTrue();
        final HttpResponse<String> again = post("/tasks/leadership?release=true");
        assertThat(again.statusCode()).as("nothing left to release here").isEqualTo(409);
        assertThat(again.body()).contains("does not hold the lease");
        // Alone, it takes the lease back once its quiet time (the ttl) is over.
        Poll.until("the lease comes back", Duration.ofSeconds(60),
                () -> post("/tasks/leadership").body().contains("\"thisInstanceLeads\":true"));
    }

    @Test
    void theAdminMenuLinksPrometheusAndEveryLinkAnswers() {
        final HttpResponse<String> menu = HttpProbe.get(admin("/"), T);
        assertThat(menu.statusCode()).isEqualTo(200);
        assertThat(menu.body()).contains("href=\"/prometheus\"").contains("href=\"/metrics?pretty=true\"");
        for (String link : java.util.List.of("/metrics?pretty=true", "/prometheus", "/ping", "/threads",
                "/healthcheck?pretty=true", "/tasks")) {
            assertThat(HttpProbe.get(admin(link), T).statusCode()).as(link).isEqualTo(200);
        }
    }

    @Test
    void adminHealthChecksCoverDatabaseAndRedis() {
        final HttpResponse<String> response = HttpProbe.get(admin("/healthcheck"), T);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"database\"").contains("\"redis\"");
    }
}
