package io.ledgerlens.testsupport;

import io.dropwizard.db.DataSourceFactory;

import java.nio.file.Path;
import java.util.Map;

/**
 * The two stores the service runs on, for tests parameterised over both: a SQLite file with the production
 * connection settings, or a fresh database on this JVM's shared test PostgreSQL ({@link PostgresProcess#shared()}).
 */
public enum TestStore {
    SQLITE, POSTGRES;

    /** Settings for a new, empty store; {@code dir} holds the SQLite file. */
    public DataSourceFactory newFactory(Path dir) {
        final DataSourceFactory factory = new DataSourceFactory();
        if (this == SQLITE) {
            factory.setUrl("jdbc:sqlite:" + dir.resolve("ledgerlens.db"));
            factory.setProperties(Map.of("journal_mode", "WAL", "busy_timeout", "5000", "synchronous", "NORMAL",
                    "transaction_mode", "IMMEDIATE"));
        } else {
            factory.setUrl(PostgresProcess.shared().createDatabase());
            factory.setUser(PostgresProcess.USER);
        }
        factory.setValidationQuery("SELECT 1");
        return factory;
    }
}
