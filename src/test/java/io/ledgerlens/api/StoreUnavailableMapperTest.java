package io.ledgerlens.api;

import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class StoreUnavailableMapperTest {
    private final StoreUnavailableMapper mapper = new StoreUnavailableMapper();

    @Test
    void aConnectionFailureIs503WithRetryAfter() {
        final var response = mapper.toResponse(new ConnectionException(
                new SQLException("Connection to 127.0.0.1:5432 refused", "08001")));
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
    }

    @Test
    void theServerShuttingDownOrAPoolTimeoutIsUnreachableToo() {
        assertThat(StoreUnavailableMapper.unreachable(new UnableToExecuteStatementException(
                new SQLException("terminating connection due to administrator command", "57P01"), null))).isTrue();
        assertThat(StoreUnavailableMapper.unreachable(new SQLTransientConnectionException("pool empty"))).isTrue();
    }

    @Test
    void aBadStatementIsStillA500() {
        final var response = mapper.toResponse(new UnableToExecuteStatementException(
                new SQLException("syntax error", "42601"), null));
        assertThat(response.getStatus()).isEqualTo(500);
    }
}
