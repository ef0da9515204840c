package io.ledgerlens.lifecycle;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Objects;

/**
 * Readiness for load balancers, on the application port: 200 while serving, 503 from the first instant of a
 * drain or shutdown, and before startup has finished. Reads {@link DrainState} directly rather than through a
 * scheduled health check, so there is no probe interval between the signal and the 503.
 */
public final class ReadinessServlet extends HttpServlet {
    private final transient DrainState drain;

    public ReadinessServlet(DrainState drain) {
        this.drain = Objects.requireNonNull(drain, "drain");
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        final boolean ready = drain.isReady();
        resp.setStatus(ready ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        resp.setContentType("application/json");
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write("{\"ready\":" + ready + ",\"status\":\"" + drain.status() + "\"}");
    }
}
