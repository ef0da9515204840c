package io.ledgerlens.db;

import io.dropwizard.db.DataSourceFactory;
import org.jdbi.v3.core.Handle;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * What differs between the two stores, in one place: SQLite (one instance, embedded) and PostgreSQL (shared by
 * several instances). The SQL of the jobs, readers and migrations is the same on both.
 */
public enum Dialect {
    SQLITE("jdbc:sqlite:", "org.sqlite.JDBC"),
    POSTGRES("jdbc:postgresql:", "org.postgresql.Driver");

    /** Connection properties that configure SQLite (PRAGMAs); PostgreSQL gets none of them. */
    static final Set<String> SQLITE_ONLY_PROPERTIES = Set.of("journal_mode", "busy_timeout", "synchronous",
            "transaction_mode", "foreign_keys");
    /** Fixed numbers: the keys of the advisory locks that serialise migrations and event-log writers. */
    private static final long MIGRATION_LOCK = 0x4c65646765724c01L;
    private static final long EVENT_LOG_LOCK = 0x4c65646765724c02L;

    static final long IDLE_IN_TRANSACTION_MS = 15_000;

    private final String urlPrefix;
    private final String driverClass;

    Dialect(String urlPrefix, String driverClass) {
        this.urlPrefix = urlPrefix;
        this.driverClass = driverClass;
    }

    public static Dialect of(String url) {
        for (Dialect dialect : values()) {
            if (url != null && url.startsWith(dialect.urlPrefix)) {
                return dialect;
            }
        }
        throw new IllegalArgumentException("database.url must start with jdbc:sqlite: or jdbc:postgresql:, got "
                + JdbcUrls.redact(url));
    }

    /** The store behind an open handle. */
    public static Dialect of(Handle handle) {
        try {
            return of(handle.getConnection().getMetaData().getURL());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell the store of a connection: " + e.getMessage(), e);
        }
    }

    public String driverClass() {
        return driverClass;
    }

    /**
     * Completes a configured factory for this store: the driver when none is set, no SQLite PRAGMAs on PostgreSQL,
     * and an empty user or password (an unset environment variable) treated as none.
     */
    public DataSourceFactory prepare(DataSourceFactory factory) {
        if (factory.getDriverClass() == null || factory.getDriverClass().isBlank()) {
            factory.setDriverClass(driverClass);
        }
        if (this == POSTGRES) {
            final Map<String, String> properties = new HashMap<>(factory.getProperties());
            properties.keySet().removeAll(SQLITE_ONLY_PROPERTIES);
            // A process paused inside a transaction (GC, SIGSTOP) keeps its row locks, among them the lease row a
            // fenced write locks for share: the server ends such a session, so that a takeover waits at most this.
            properties.putIfAbsent("options", "-c idle_in_transaction_session_timeout=" + IDLE_IN_TRANSACTION_MS);
            // Seconds. A server that is cut off without a reset (a partition, a host gone) would otherwise hold a
            // request or a job forever: the driver's socket read has no timeout of its own. The socket timeout is
            // far above any statement the service runs (migrations and retention batches included).
            properties.putIfAbsent("connectTimeout", "5");
            properties.putIfAbsent("loginTimeout", "10");
            properties.putIfAbsent("socketTimeout", "60");
            factory.setProperties(properties);
        }
        if (factory.getUser() != null && factory.getUser().isEmpty()) {
            factory.setUser(null);
        }
        if (factory.getPassword() != null && factory.getPassword().isEmpty()) {
            factory.setPassword(null);
        }
        return factory;
    }

    /** For connections opened outside the pool (the shutdown report store): the pool's properties and login. */
    public Properties connectionProperties(DataSourceFactory factory) {
        final Properties properties = new Properties();
        properties.putAll(factory.getProperties());
        if (factory.getUser() != null && !factory.getUser().isEmpty()) {
            properties.setProperty("user", factory.getUser());
        }
        if (factory.getPassword() != null && !factory.getPassword().isEmpty()) {
            properties.setProperty("password", factory.getPassword());
        }
        if (this == POSTGRES) {
            // Seconds. The report is written inside the shutdown's budget, which an unreachable server must not eat
            // (the report is kept in a local file first); a server that accepts and then hangs is cut off by the
            // socket timeout, so that the heartbeat job cannot hold up the background phase.
            properties.put("connectTimeout", "2");
            properties.put("loginTimeout", "3");
            properties.put("socketTimeout", "5");
        }
        return properties;
    }

    /** SQLite's writers queue in this process (see {@link WriteGate}); PostgreSQL's lock rows, not the file. */
    public boolean usesWriteGate() {
        return this == SQLITE;
    }

    /** The database's clock in epoch milliseconds, as an SQL expression: leases expire by it, not by a host's. */
    String nowMillis() {
        return this == POSTGRES ? "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)"
                : "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)";
    }

    /**
     * Ends a SELECT that must keep the rows it read unchanged until the transaction ends (the lease row a fenced
     * write checks). SQLite's single writer gives that already.
     */
    String lockForShare() {
        return this == POSTGRES ? " FOR SHARE" : "";
    }

    /**
     * Inside an event-writing transaction, before it draws a sequence: waits until no other such transaction is
     * open, and keeps the others waiting until this one ends. PostgreSQL commits concurrent transactions in any
     * order, so without it event N+1 could become visible before N and a reader past N+1 would never see N.
     * SQLite already admits one writer at a time.
     */
    public void lockEventLog(Handle handle) {
        if (this == POSTGRES) {
            handle.createQuery("SELECT pg_advisory_xact_lock(" + EVENT_LOG_LOCK + ")").mapToMap().one();
        }
    }

    /**
     * The end of a {@code SELECT} that locks the rows it returns and leaves out rows another transaction has
     * locked, instead of waiting for them. On SQLite, whose writer is alone, there is nothing to add.
     */
    public String lockingSkipLocked() {
        return this == POSTGRES ? " FOR UPDATE SKIP LOCKED" : "";
    }

    /** One line for the start-up log: the journal mode or the server version. */
    String describe(Handle handle) {
        return this == SQLITE
                ? "sqlite journal_mode=" + handle.createQuery("PRAGMA journal_mode").mapTo(String.class).one()
                : "postgresql " + handle.createQuery("SHOW server_version").mapTo(String.class).one();
    }

    /** Whether {@link #checkpoint} has anything to do: at stop, no connection is borrowed for nothing. */
    boolean checkpointsAtStop() {
        return this == SQLITE;
    }

    /** At stop: SQLite copies every WAL frame into the main file, so the file alone is a complete backup. */
    Optional<String> checkpoint(Handle handle) {
        if (this != SQLITE) {
            return Optional.empty();
        }
        return Optional.of("checkpoint " + handle.createQuery("PRAGMA wal_checkpoint(TRUNCATE)").mapToMap().one());
    }

    /**
     * Waits until no other connection migrates. Liquibase's own lock is a row in a table it creates itself: instances
     * that start at once on an empty PostgreSQL all try to create that table, and all but one fail. A session lock:
     * the caller must {@link #unlockMigrations} on the same connection. SQLite's file lock suffices.
     */
    void lockMigrations(Connection connection) throws SQLException {
        if (this == POSTGRES) {
            try (Statement s = connection.createStatement()) {
                s.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
            }
        }
    }

    void unlockMigrations(Connection connection) throws SQLException {
        if (this == POSTGRES) {
            try (Statement s = connection.createStatement()) {
                s.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
            }
        }
    }
}
