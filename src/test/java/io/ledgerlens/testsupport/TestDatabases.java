package io.ledgerlens.testsupport;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.DataSourceFactory;
import io.ledgerlens.db.Database;

import java.nio.file.Path;
import java.util.Map;

/** A real store with the production connection settings, migrated: a SQLite file, or a PostgreSQL database. */
public final class TestDatabases {
    private TestDatabases() {
    }

    public static Database open(Path file) throws Exception {
        final DataSourceFactory factory = new DataSourceFactory();
        factory.setDriverClass("org.sqlite.JDBC");
        factory.setUrl("jdbc:sqlite:" + file);
        factory.setProperties(Map.of("journal_mode", "WAL", "busy_timeout", "5000", "synchronous", "NORMAL",
                "transaction_mode", "IMMEDIATE"));
        factory.setValidationQuery("SELECT 1");
        return Database.open(factory, new MetricRegistry());
    }

    /** A new, migrated store of the given kind; {@code dir} holds the SQLite file. */
    public static Database open(TestStore store, Path dir) throws Exception {
        return Database.open(store.newFactory(dir), new MetricRegistry());
    }
}
