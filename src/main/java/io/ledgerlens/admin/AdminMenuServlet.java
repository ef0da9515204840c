package io.ledgerlens.admin;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The admin port's front page: Dropwizard's operational menu (its template has a fixed set of links) plus
 * {@code /prometheus} and the task list. Mapped on the admin root only; Dropwizard's own servlet keeps
 * {@code /metrics}, {@code /ping}, {@code /threads} and {@code /healthcheck}.
 */
public final class AdminMenuServlet extends HttpServlet {
    private static final String PAGE = """
            <!DOCTYPE html>
            <html>
            <head><title>ledgerlens admin</title></head>
            <body>
              <h1>Operational Menu</h1>
              <ul>
                <li><a href="%1$s/metrics?pretty=true">Metrics</a></li>
                <li><a href="%1$s/prometheus">Prometheus</a></li>
                <li><a href="%1$s/ping">Ping</a></li>
                <li><a href="%1$s/threads">Threads</a></li>
                <li><a href="%1$s/healthcheck?pretty=true">Healthcheck</a></li>
                <li><a href="%1$s/tasks">Tasks</a> (POST /tasks/drain, /tasks/undrain, /tasks/shutdown,
                  /tasks/shutdown-report; see docs/shutdown.md)</li>
              </ul>
            </body>
            </html>
            """;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setStatus(200);
        resp.setContentType("text/html;charset=utf-8");
        resp.setHeader("Cache-Control", "must-revalidate,no-cache,no-store");
        resp.getWriter().write(String.format(PAGE, req.getContextPath()));
    }
}
