package io.ledgerlens.api;

import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * The body bound of {@link BoundedBodyFilter} for {@code /api/webhooks}, as a Jersey filter that runs after
 * authentication and authorization (its priority is above theirs): a caller without the token gets 401 and no
 * byte of its body is read; the others get 415, 413, or their body read up to the limit.
 */
@Priority(Priorities.AUTHORIZATION + 100)
final class BoundedEntityFilter implements ContainerRequestFilter {
    private final int limit;

    BoundedEntityFilter(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1 byte, got " + limit);
        }
        this.limit = limit;
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        // As the servlet filter: no length and not chunked is no body. Not hasEntity(), which reads the stream,
        // and a read of a GET's empty body can trip Jetty's minimum data rate (408, then 500) on a busy machine.
        final boolean chunked = "chunked".equalsIgnoreCase(request.getHeaderString("Transfer-Encoding"));
        if (!request.getUriInfo().getPath().startsWith(BoundedBodyFilter.WEBHOOKS.substring(1))
                || request.getLength() <= 0 && !chunked) {
            return;
        }
        final String refusal = BoundedBodyFilter.refusal(request.getHeaderString(HttpHeaders.CONTENT_ENCODING),
                request.getLength(), limit);
        if (refusal != null) {
            abort(request, refusal.startsWith("compressed") ? 415 : 413, refusal);
            return;
        }
        final byte[] body = BoundedBodyFilter.readAtMost(request.getEntityStream(), limit + 1);
        if (body.length > limit) {
            abort(request, 413, BoundedBodyFilter.tooLarge(limit));
            return;
        }
        request.setEntityStream(new ByteArrayInputStream(body));
    }

    private static void abort(ContainerRequestContext request, int status, String message) {
        // The connection may still carry the unread body: closing it is cheaper than draining it.
        request.abortWith(Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).header("Connection", "close")
                .entity(new ErrorMessage(status, message)).build());
    }
}
