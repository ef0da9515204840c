package io.ledgerlens.db;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.ledgerlens.lifecycle.PhaseStep;
import io.ledgerlens.lifecycle.StoppableResource;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The database, SQLite or PostgreSQL as {@code database.url} says ({@link Dialect}): a pooled data source (SQLite's
 * WAL mode and busy timeout come from {@code database.properties}), Jdbi on top, migrations applied when it opens
 * unless {@code database.migrateOnStart} is false. Stopping checkpoints SQLite's WAL into the main file, so that a
 * copy of the file alone is a complete backup, and closes the pool.
 */
public final class Database implements StoppableResource {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final String url;
    private final Dialect dialect;
    private final ManagedDataSource dataSource;
    private final Jdbi jdbi;
    private final AtomicBoolean stopped;
    private final WriteGate writeGate;
    private final WriteFence fence;

    private Database(String url, Dialect dialect, ManagedDataSource dataSource, Jdbi jdbi, AtomicBoolean stopped,
                     WriteGate writeGate, WriteFence fence) {
        this.url = url;
        this.dialect = dialect;
        this.dataSource = dataSource;
        this.jdbi = jdbi;
        this.stopped = stopped;
        this.writeGate = writeGate;
        this.fence = fence;
    }

    /** The same database, whose write transactions first pass {@code fence}: for the work one instance leads. */
    public Database fenced(WriteFence fence) {
        return new Database(url, dialect, dataSource, jdbi, stopped, writeGate, Objects.requireNonNull(fence, "fence"));
    }

    /**
     * Opens the pool and migrates (unless a {@link DatabaseConfig} says not to); fails the start with a clear
     * message if the store cannot be used.
     */
    public static Database open(DataSourceFactory factory, MetricRegistry metrics) throws Exception {
        final Dialect dialect = Dialect.of(factory.getUrl());
        dialect.prepare(factory);
        if (dialect == Dialect.SQLITE) {
            SqlitePaths.createParentDirectory(factory.getUrl());
            SqliteNativeLibrary.useKeptCopy();
        }
        final String url = JdbcUrls.redact(factory.getUrl());
        final ManagedDataSource dataSource = factory.build(metrics, dialect.name().toLowerCase(Locale.ROOT));
        dataSource.start();
        // Plain Jdbi: no SqlObject interface is used anywhere.
        final Jdbi jdbi = Jdbi.create(dataSource);
        final Database database = new Database(url, dialect, dataSource, jdbi, new AtomicBoolean(), new WriteGate(),
                WriteFence.NONE);
        final String store = jdbi.withHandle(dialect::describe);
        final boolean migrate = !(factory instanceof DatabaseConfig config) || config.migrateOnStart();
        final String migrations = migrate ? describe(Migrations.apply(dataSource, dialect))
                : "migrations not checked (database.migrateOnStart is false)";
        LOG.info("database {} open: {} {}", url, store, migrations);
        return database;
    }

    private static String describe(Migrations.Outcome outcome) {
        return outcome.liquibaseRan() ? "migrations applied now=" + outcome.applied()
                : "schema up to date (every change set applied, checksums match)";
    }

    public Dialect dialect() {
        return dialect;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public WriteGate writeGate() {
        return writeGate;
    }

    /** A write transaction, taken in turn with this process's other writers (see {@link WriteGate}). */
    public <R, X extends Exception> R inTransaction(HandleCallback<R, X> callback) throws X, InterruptedException {
        if (!dialect.usesWriteGate()) {
            return fencedTransaction(callback);
        }
        writeGate.enter();
        try {
            return fencedTransaction(callback);
        } finally {
            writeGate.leave();
        }
    }

    private <R, X extends Exception> R fencedTransaction(HandleCallback<R, X> callback) throws X {
        return jdbi.inTransaction(h -> {
            fence.check(h);
            return callback.withHandle(h);
        });
    }

    public <X extends Exception> void useTransaction(HandleConsumer<X> callback) throws X, InterruptedException {
        inTransaction(h -> {
            callback.useHandle(h);
            return null;
        });
    }

    /** The URL without credentials, fit for logs and health output. */
    public String url() {
        return url;
    }

    @Override
    public PhaseStep.Result stop(Duration budget) throws Exception {
        if (!stopped.compareAndSet(false, true)) {
            return PhaseStep.Result.skipped("already stopped");
        }
        String checkpoint = "no checkpoint needed";
        try {
            // Not on PostgreSQL: borrowing a connection from a server that is gone would spend the phase's budget.
            if (dialect.checkpointsAtStop()) {
                checkpoint = jdbi.withHandle(dialect::checkpoint).orElse(checkpoint);
            }
        } catch (Exception e) {
            checkpoint = "checkpoint failed: " + e.getMessage();
            LOG.warn("WAL checkpoint failed; SQLite recovers the WAL at next open", e);
        }
        dataSource.stop();
        return PhaseStep.Result.clean(checkpoint + "; pool closed");
    }
}
