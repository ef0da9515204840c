package io.ledgerlens.lifecycle;

import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(20)
class JettyGracefulStopTest {
    private final ServerHolder holder = new ServerHolder();

    @Test
    void skippedWithoutAServer() throws Exception {
        final PhaseStep.Result result = new JettyGracefulStop(holder, () -> 0).run(Duration.ofSeconds(1));
        assertThat(result.outcome()).isEqualTo(PhaseOutcome.SKIPPED);
        assertThat(result.detail()).isEqualTo("the server is not running");
    }

    @Test
    void skippedWhenTheServerIsNotRunning() throws Exception {
        holder.set(new Server());
        assertThat(new JettyGracefulStop(holder, () -> 0).run(Duration.ofSeconds(1)).outcome())
                .isEqualTo(PhaseOutcome.SKIPPED);
    }

    @Test
    void stopsARunningServerWithThePhaseBudgetAsStopTimeout() throws Exception {
        final Server server = new Server(0);
        server.start();
        holder.set(server);
        try {
            final PhaseStep.Result result = new JettyGracefulStop(holder, () -> 0).run(Duration.ofMillis(1234));

            assertThat(server.isStopped()).isTrue();
            assertThat(server.getStopTimeout()).isEqualTo(1234);
            assertThat(result.outcome()).isEqualTo(PhaseOutcome.CLEAN);
            assertThat(result.detail()).isEqualTo("0 request(s) in flight at stop, 0 unfinished");
            assertThat(result.facts()).containsEntry("requestsUnfinishedAtHttpStop", 0L);
        } finally {
            server.stop();
        }
    }

    @Test
    void requestsStillInFlightAfterTheStopMakeItTimedOut() throws Exception {
        final Server server = new Server(0);
        server.start();
        holder.set(server);
        try {
            final PhaseStep.Result result = new JettyGracefulStop(holder, () -> 2).run(Duration.ofMillis(100));

            assertThat(result.outcome()).isEqualTo(PhaseOutcome.TIMED_OUT);
            assertThat(result.detail()).isEqualTo("2 request(s) in flight at stop, 2 unfinished");
            assertThat(result.facts()).containsEntry("requestsUnfinishedAtHttpStop", 2L);
        } finally {
            server.stop();
        }
    }
}
