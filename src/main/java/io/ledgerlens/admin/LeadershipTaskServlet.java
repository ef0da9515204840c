package io.ledgerlens.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlens.lifecycle.LeaseKeeper;
import io.ledgerlens.lifecycle.LeaseStore;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /tasks/leadership}: who holds the lease of the singleton work (ingestion, sync, webhook fan-out,
 * pruning), with its token and the time it has left; {@code ?release=true} on the holder hands it over (409 on an
 * instance that does not hold it). The released instance stays a follower for one TTL, so another one takes it.
 */
public final class LeadershipTaskServlet extends HttpServlet {
    public static final String PATH = "/tasks/leadership";

    private final transient LeaseKeeper keeper;
    private final transient Duration quiet;
    private final transient ObjectMapper mapper;

    public LeadershipTaskServlet(LeaseKeeper keeper, Duration quiet, ObjectMapper mapper) {
        this.keeper = keeper;
        this.quiet = quiet;
        this.mapper = mapper;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        write(resp, 405, Map.of("code", 405, "message", "use POST " + PATH));
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        final String release = req.getParameter("release");
        if (release != null && !release.equals("true") && !release.equals("false")) {
            write(resp, 400, Map.of("code", 400, "message", "release must be true or false, got '" + release + "'"));
            return;
        }
        if ("true".equals(release)) {
            if (!keeper.handOver(quiet)) {
                write(resp, 409, Map.of("code", 409, "message", "this instance (" + keeper.holder()
                        + ") does not hold the lease '" + keeper.name() + "': ask the holder"));
                return;
            }
            final Map<String, Object> body = describe();
            body.put("released", true);
            write(resp, 200, body);
            return;
        }
        write(resp, 200, describe());
    }

    private Map<String, Object> describe() {
        final Map<String, Object> body = new LinkedHashMap<>();
        final Optional<LeaseStore.State> state = keeper.current();
        body.put("lease", keeper.name());
        body.put("holder", state.map(LeaseStore.State::holder).orElse(null));
        body.put("token", state.map(LeaseStore.State::token).orElse(0L));
        body.put("remainingMs", state.filter(s -> s.holder() != null).map(LeaseStore.State::remainingMs).orElse(null));
        body.put("thisInstance", keeper.holder());
        body.put("thisInstanceLeads", keeper.isLeader());
        return body;
    }

    private void write(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setHeader("Cache-Control", "no-store");
        mapper.writeValue(resp.getOutputStream(), body);
    }
}
