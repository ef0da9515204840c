package io.ledgerlens.auth;

import io.dropwizard.auth.UnauthorizedHandler;
import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * 401 as JSON {@code {"code":401,"message":...}}, the API's error shape, with the bearer challenge, and
 * {@code Connection: close}: the request's body is never read (authentication comes first), so Jetty may close the
 * connection after answering; said in the answer, a client does not send its next request on a connection that is
 * closing (seen as "header parser received no bytes" from the JDK's client on a loaded machine).
 */
final class JsonUnauthorized implements UnauthorizedHandler {
    static final String MESSAGE = "this endpoint needs Authorization: Bearer <token> (auth.webhooksToken, "
            + "WEBHOOKS_API_TOKEN, or the token file named in the log at start)";

    @Override
    public Response buildResponse(String prefix, String realm) {
        return Response.status(401)
                .header(HttpHeaders.WWW_AUTHENTICATE, prefix + " realm=\"" + realm + "\"")
                .header("Connection", "close")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorMessage(401, MESSAGE))
                .build();
    }
}
