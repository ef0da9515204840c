package io.ledgerlens.auth;

import io.dropwizard.core.setup.Environment;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.eclipse.jetty.util.component.LifeCycle;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Dropwizard's request log, given each request with the values of {@code token} and {@code access_token} in its
 * query string replaced by {@code REDACTED}, whatever {@code server.requestLog} format prints ({@code %r},
 * {@code %q}, {@code %requestURL}...): the WebSocket's {@code ?token=} form is kept for old clients, and a URL is
 * no place for a secret to be written down.
 */
public final class RedactedRequestLog extends ContainerLifeCycle implements RequestLog {
    static final String MASK = "REDACTED";
    private static final Pattern SECRET = Pattern.compile("(?i)(^|&)((?:access_)?token)=[^&]*");
    private final RequestLog inner;

    RedactedRequestLog(RequestLog inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
        addBean(inner);
    }

    /** Wraps the server's request log when the server starts (Dropwizard sets it while building the server). */
    public static void install(Environment environment) {
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                if (event instanceof Server server && server.getRequestLog() != null
                        && !(server.getRequestLog() instanceof RedactedRequestLog)) {
                    server.setRequestLog(new RedactedRequestLog(server.getRequestLog()));
                }
            }
        });
    }

    static String redact(String query) {
        return query == null ? null : SECRET.matcher(query).replaceAll("$1$2=" + MASK);
    }

    @Override
    public void log(Request request, Response response) {
        final HttpURI uri = request.getHttpURI();
        final String query = uri.getQuery();
        final String redacted = redact(query);
        if (query == null || query.equals(redacted)) {
            inner.log(request, response);
            return;
        }
        final HttpURI masked = HttpURI.build(uri).query(redacted).asImmutable();
        inner.log(new Request.Wrapper(request) {
            @Override
            public HttpURI getHttpURI() {
                return masked;
            }
        }, response);
    }
}
