package io.ledgerlens.api;

import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** 4xx answers as JSON {@code {"code": ..., "message": ...}}, the shape Dropwizard uses for its own errors. */
final class ApiErrors {
    private ApiErrors() {
    }

    static WebApplicationException badRequest(String message) {
        return error(400, message);
    }

    static WebApplicationException notFound(String message) {
        return error(404, message);
    }

    static WebApplicationException error(int status, String message) {
        return new WebApplicationException(message, Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorMessage(status, message)).build());
    }
}
