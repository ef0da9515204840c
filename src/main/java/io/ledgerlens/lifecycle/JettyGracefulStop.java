package io.ledgerlens.lifecycle;

import org.eclipse.jetty.server.Server;

import java.time.Duration;
import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * The http phase: Jetty's own stop with its stop timeout set to this phase's budget. Jetty stops accepting,
 * lets in-flight requests finish (late arrivals on open connections get 503 from Dropwizard's GracefulHandler),
 * closes the connectors and stops the rest of its components. Resources the coordinator stops in later phases
 * ignore this stop (see {@link CoordinatedManaged}), so Jetty only stops what the coordinator does not own.
 */
public final class JettyGracefulStop implements PhaseStep {
    private final ServerHolder server;
    private final IntSupplier inFlight;

    public JettyGracefulStop(ServerHolder server, IntSupplier inFlight) {
        this.server = Objects.requireNonNull(server, "server");
        this.inFlight = Objects.requireNonNull(inFlight, "inFlight");
    }

    @Override
    public Result run(Duration budget) throws Exception {
        final Server jetty = server.get().orElse(null);
        if (jetty == null || !jetty.isRunning()) {
            return Result.skipped("the server is not running");
        }
        final int before = inFlight.getAsInt();
        jetty.setStopTimeout(Math.max(1, budget.toMillis()));
        jetty.stop();
        final int left = inFlight.getAsInt();
        final String detail = before + " request(s) in flight at stop, " + left + " unfinished";
        return (left == 0 ? Result.clean(detail) : Result.timedOut(detail)).with("requestsUnfinishedAtHttpStop", left);
    }
}
