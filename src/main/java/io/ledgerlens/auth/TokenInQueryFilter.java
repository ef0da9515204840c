package io.ledgerlens.auth;

import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Refuses {@code ?access_token=} with 400: a token in a URL ends up in request logs, proxies and browser history.
 * Dropwizard's bearer filter would otherwise accept it.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
final class TokenInQueryFilter implements ContainerRequestFilter {
    static final String PARAM = "access_token";

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getUriInfo().getQueryParameters().containsKey(PARAM)) {
            request.abortWith(Response.status(400).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ErrorMessage(400, "a token in the URL (?" + PARAM + "=) is refused: URLs end up in "
                            + "logs; send it as Authorization: Bearer <token>"))
                    .build());
        }
    }
}
