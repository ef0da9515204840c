package io.ledgerlens.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlens.lifecycle.DrainState;
import io.ledgerlens.lifecycle.ShutdownCoordinator;
import io.ledgerlens.lifecycle.ShutdownReportStore;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The admin tasks {@code POST /tasks/drain}, {@code /tasks/undrain}, {@code /tasks/shutdown}
 * ({@code ?dryRun=true} prints the plan) and {@code /tasks/shutdown-report} ({@code ?limit=N}, newest first;
 * {@code ?instance=ID}, only that instance's runs).
 * A servlet on those exact paths rather than Dropwizard {@code Task}s: a task can only answer 200 or 500, and
 * operators' scripts need 400 for a bad parameter and 409 for a request the current state refuses.
 */
public final class LifecycleTasksServlet extends HttpServlet {
    public static final List<String> PATHS = List.of("/tasks/drain", "/tasks/undrain", "/tasks/shutdown",
            "/tasks/shutdown-report");
    static final int MAX_REPORTS = 100;
    /** As {@code instanceId} in the configuration allows, but not empty. */
    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    private static final Set<String> REPORT_PARAMETERS = Set.of("limit", "instance");

    private final transient DrainState drain;
    private final transient ShutdownCoordinator coordinator;
    private final transient ShutdownReportStore store;
    private final transient ObjectMapper mapper;

    /** One {@link ListedTask} per path, so that Dropwizard's task list names every task. */
    public static List<io.dropwizard.servlets.tasks.Task> listed() {
        return PATHS.stream().<io.dropwizard.servlets.tasks.Task>map(p -> new ListedTask(
                p.substring("/tasks/".length()))).toList();
    }

    public LifecycleTasksServlet(DrainState drain, ShutdownCoordinator coordinator, ShutdownReportStore store,
                                 ObjectMapper mapper) {
        this.drain = drain;
        this.coordinator = coordinator;
        this.store = store;
        this.mapper = mapper;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        write(resp, 405, Map.of("code", 405, "message", "use POST " + req.getServletPath()));
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        switch (req.getServletPath()) {
            case "/tasks/drain" -> {
                final boolean changed = drain.drain();
                write(resp, 200, Map.of("draining", true, "changed", changed, "status", drain.status()));
            }
            case "/tasks/undrain" -> {
                if (drain.isShuttingDown()) {
                    write(resp, 409, Map.of("code", 409, "message", "a shutdown is in progress; it cannot be undone"));
                    return;
                }
                final boolean changed = drain.undrain();
                write(resp, 200, Map.of("draining", false, "changed", changed, "status", drain.status()));
            }
            case "/tasks/shutdown" -> shutdown(req, resp);
            case "/tasks/shutdown-report" -> report(req, resp);
            default -> write(resp, 404, Map.of("code", 404, "message", "no such task " + req.getServletPath()));
        }
    }

    private void shutdown(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        final String dryRun = req.getParameter("dryRun");
        if (dryRun != null && !dryRun.equals("true") && !dryRun.equals("false")) {
            write(resp, 400, Map.of("code", 400, "message", "dryRun must be true or false, got '" + dryRun + "'"));
            return;
        }
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("plan", coordinator.plan().describe());
        if ("true".equals(dryRun)) {
            body.put("dryRun", true);
            write(resp, 200, body);
            return;
        }
        if (!coordinator.requestShutdown("admin-task")) {
            write(resp, 409, Map.of("code", 409, "message", "a shutdown is already in progress"));
            return;
        }
        body.put("accepted", true);
        write(resp, 202, body);
    }

    private void report(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        final Set<String> unknown = new TreeSet<>(req.getParameterMap().keySet());
        unknown.removeAll(REPORT_PARAMETERS);
        if (!unknown.isEmpty()) {
            // A misspelt filter must not quietly answer with every instance's reports.
            write(resp, 400, Map.of("code", 400, "message", "unknown parameter(s) " + unknown
                    + "; shutdown-report takes limit and instance"));
            return;
        }
        final String instance = req.getParameter("instance");
        if (instance != null && !INSTANCE_ID.matcher(instance).matches()) {
            write(resp, 400, Map.of("code", 400, "message",
                    "instance must be 1 to 100 letters, digits or ._:- (an INSTANCE_ID), got '" + instance + "'"));
            return;
        }
        final String raw = req.getParameter("limit");
        int limit = 1;
        if (raw != null) {
            try {
                limit = Integer.parseInt(raw);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_REPORTS) {
                write(resp, 400, Map.of("code", 400,
                        "message", "limit must be a whole number from 1 to " + MAX_REPORTS + ", got '" + raw + "'"));
                return;
            }
        }
        final Map<String, Object> body = new LinkedHashMap<>();
        if (coordinator.isShuttingDown()) {
            final var current = coordinator.snapshot();
            if (instance == null || instance.equals(current.instanceId())) {
                body.put("current", current);
            }
        }
        if (instance != null) {
            body.put("instance", instance);
        }
        body.put("reports", store.recent(limit, Optional.ofNullable(instance)));
        write(resp, 200, body);
    }

    private void write(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setHeader("Cache-Control", "no-store");
        mapper.writeValue(resp.getOutputStream(), body);
    }
}
