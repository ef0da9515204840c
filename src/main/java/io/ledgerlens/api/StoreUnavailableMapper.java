package io.ledgerlens.api;

import io.dropwizard.jersey.errors.ErrorMessage;
import io.dropwizard.jersey.errors.LoggingExceptionMapper;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jdbi.v3.core.JdbiException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * A read that could not reach the store (PostgreSQL restarting, a network cut, the pool unable to open a
 * connection) answers 503 with {@code Retry-After}, so that clients and balancers retry instead of treating it as
 * a bug; answers the cache holds keep being served, since they never reach this. Any other failure stays a 500,
 * logged with its id by Dropwizard's mapper.
 */
final class StoreUnavailableMapper extends LoggingExceptionMapper<JdbiException> {
    static final String RETRY_AFTER_SECONDS = "5";

    @Override
    public Response toResponse(JdbiException exception) {
        if (!unreachable(exception)) {
            return super.toResponse(exception);
        }
        final String message = "the store is unreachable at the moment; retry after " + RETRY_AFTER_SECONDS + " s";
        return Response.status(503).type(MediaType.APPLICATION_JSON_TYPE).header("Retry-After", RETRY_AFTER_SECONDS)
                .entity(new ErrorMessage(503, message)).build();
    }

    /** SQLState class 08 is "connection exception"; 57P01-57P03 are PostgreSQL shutting down or starting up. */
    static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return true;
            }
            if (t instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }
}
