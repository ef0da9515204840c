package io.ledgerlens.lifecycle;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Objects;

/**
 * Liveness: 200 while the process can serve at all, draining included. An orchestrator that restarted a
 * draining pod because its liveness failed would cut the drain short, so drain never touches this answer.
 */
public final class LivenessServlet extends HttpServlet {
    private final transient DrainState drain;

    public LivenessServlet(DrainState drain) {
        this.drain = Objects.requireNonNull(drain, "drain");
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("application/json");
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write("{\"alive\":true,\"status\":\"" + drain.status() + "\"}");
    }
}
