package io.ledgerlens.it;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.ledgerlens.LedgerLensConfiguration;
import io.ledgerlens.lifecycle.ShutdownOutcome;
import io.ledgerlens.lifecycle.ShutdownReport;
import io.ledgerlens.testsupport.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin {@code shutdown} task takes the same path as SIGTERM: the whole sequence runs, WebSocket clients are
 * told and closed with 1001, the report is persisted and the process would exit 0.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AdminShutdownTaskTest {
    private static final Duration T = InProcessApp.T;
    private static final InProcessApp RUNNING = InProcessApp.withRedis();
    private static final DropwizardAppExtension<LedgerLensConfiguration> APP = RUNNING.extension;

    @AfterAll
    static void stopRedis() {
        RUNNING.redis.close();
    }

    @Test
    void shutdownTaskRunsTheSequenceAndPersistsACleanReport() throws Exception {
        final TestApp app = RUNNING.application();
        final WsClient client = WsClient.connect(
                java.net.URI.create(RUNNING.ws() + "?channels=assets:" + StoredEvents.asset("ADM")), T);
        client.awaitMessage(m -> m.contains("\"subscribed\""), T);
        final long seq = StoredEvents.appendAsset(app, "ADM", "{\"n\":1}");
        client.awaitMessage(m -> m.contains("\"sequence\":" + seq), T);

        final var accepted = RUNNING.postAdmin("/tasks/shutdown");
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(app.exitCode.get(20, TimeUnit.SECONDS)).isZero();

        assertThat(client.awaitClose(T)).isEqualTo(1001);
        // A live client has been served up to where the dispatcher stopped, which is past its own event.
        final String notice = client.messages().stream().filter(m -> m.contains("\"type\":\"server_shutdown\""))
                .findFirst().orElseThrow();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(notice).get("lastSequence").asLong())
                .isEqualTo(app.wiring().hub().position()).isGreaterThanOrEqualTo(seq);
        final ShutdownReport report = app.wiring().reports().latest().orElseThrow();
        assertThat(report.outcome()).isEqualTo(ShutdownOutcome.CLEAN);
        assertThat(report.cause()).isEqualTo("admin-task");
        assertThat(report.phases()).extracting(p -> p.name()).containsExactly("signal", "drain", "websockets",
                "http", "background", "redis", "database");
        assertThat(report.facts()).containsEntry("websocketClients", 1L).containsEntry("websocketAborted", 0L);
        assertThat(app.wiring().coordinator().finalReport().phases()).last()
                .satisfies(p -> assertThat(p.name()).isEqualTo("report"));
    }
}
