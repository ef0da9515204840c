package io.ledgerlens.api;

import io.ledgerlens.webhooks.SubscriptionRules;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** A webhook rule's refusal as the JSON error every 4xx of the API has. */
final class RefusedMapper implements ExceptionMapper<SubscriptionRules.Refused> {
    @Override
    public Response toResponse(SubscriptionRules.Refused refused) {
        final int status = switch (refused.kind()) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
        };
        return ApiErrors.error(status, refused.getMessage()).getResponse();
    }
}
