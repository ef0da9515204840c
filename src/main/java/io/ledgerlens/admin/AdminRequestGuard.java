package io.ledgerlens.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One filter in front of everything on the admin port. Reads ({@code GET}, {@code HEAD}, {@code OPTIONS}:
 * {@code /healthcheck}, {@code /metrics}, {@code /prometheus}, {@code /ping}, {@code /threads}, the menu) pass.
 * Every other method, that is every task ({@code /tasks/*}: drain, undrain, shutdown, leadership, shutdown-report,
 * Dropwizard's gc and log-level, and any added later), is refused when it could come from a web page:
 * <ul>
 *   <li>an {@code Origin} or {@code Sec-Fetch-Site} header (browsers send them; curl and scripts do not): 403;</li>
 *   <li>a content type other than none or {@code application/json} (a form or {@code text/plain} is what a page
 *       can send without a CORS preflight): 415;</li>
 *   <li>when {@code admin.token} is set, no {@code Authorization: Bearer <token>}: 401.</li>
 * </ul>
 * A page open in the operator's browser can reach 127.0.0.1:8081 during a {@code kubectl port-forward}; these
 * checks keep it from draining or stopping the instance.
 */
public final class AdminRequestGuard implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(AdminRequestGuard.class);
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final AdminToken token;
    private final ObjectMapper mapper;

    public AdminRequestGuard(String token, ObjectMapper mapper) {
        this.token = new AdminToken(token);
        this.mapper = mapper;
    }

    public boolean tokenRequired() {
        return token.required();
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        final HttpServletRequest req = (HttpServletRequest) request;
        final HttpServletResponse resp = (HttpServletResponse) response;
        if (READS.contains(req.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        final String origin = req.getHeader("Origin");
        final String fetchSite = req.getHeader("Sec-Fetch-Site");
        if (origin != null || fetchSite != null) {
            refuse(req, resp, 403, "admin tasks refuse requests from a web browser (an "
                    + (origin != null ? "Origin" : "Sec-Fetch-Site") + " header was sent): use curl or a script",
                    origin != null ? "Origin " + printable(origin) : "Sec-Fetch-Site " + printable(fetchSite));
            return;
        }
        final String type = req.getContentType();
        if (type != null && !type.isBlank() && !isJson(type)) {
            refuse(req, resp, 415, "admin tasks take no body or a JSON one, not " + printable(mediaType(type))
                    + ": a web form could send that", "Content-Type " + printable(type));
            return;
        }
        if (!token.accepts(req.getHeader("Authorization"))) {
            resp.setHeader("WWW-Authenticate", "Bearer realm=\"ledgerlens-admin\"");
            refuse(req, resp, 401, "admin tasks need Authorization: Bearer <admin.token> (ADMIN_TOKEN)",
                    "no or a wrong admin token");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isJson(String contentType) {
        return mediaType(contentType).equals("application/json");
    }

    private static String mediaType(String contentType) {
        final int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }

    /** A header value for a log line or an answer: at most 100 characters, control characters replaced. */
    private static String printable(String value) {
        final String cut = value.length() > 100 ? value.substring(0, 100) + "..." : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    private void refuse(HttpServletRequest req, HttpServletResponse resp, int status, String message, String why)
            throws IOException {
        LOG.warn("admin: refused {} {} from {}: {}", req.getMethod(), printable(req.getRequestURI()),
                req.getRemoteAddr(), why);
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setHeader("Cache-Control", "no-store");
        // The refused request's body is not read: the client must not send another request on this connection.
        resp.setHeader("Connection", "close");
        mapper.writeValue(resp.getOutputStream(), Map.of("code", status, "message", message));
    }
}
