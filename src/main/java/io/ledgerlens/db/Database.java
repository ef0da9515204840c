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
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The SQLite database: a pooled data source (WAL mode and busy timeout come from {@code database.properties}),
 * Jdbi on top, migrations applied when it opens. Stopping checkpoints the WAL into the main file, so that a
 * copy of the file alone is a complete backup, and closes the pool.
 */
public final class Database implements StoppableResource {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final String url;
    private final ManagedDataSource dataSource;
    private final Jdbi jdbi;
    private final AtomicBoolean stopped;
    private final WriteGate writeGate;
    private final WriteFence fence;

    private Database(String url, ManagedDataSource dataSource, Jdbi jdbi, AtomicBoolean stopped, WriteGate writeGate,
                     WriteFence fence) {
        this.url = url;
        this.dataSource = dataSource;
        this.jdbi = jdbi;
        this.stopped = stopped;
        this.writeGate = writeGate;
        this.fence = fence;
    }

    /** The same database, whose write transactions first pass {@code fence}: for the work one instance leads. */
    public Database fenced(WriteFence fence) {
        return new Database(url, dataSource, jdbi, stopped, writeGate, Objects.requireNonNull(fence, "fence"));
    }

    /** Opens the pool and migrates; fails the start with a clear message if the file cannot be used. */
    public static Database open(DataSourceFactory factory, MetricRegistry metrics) throws Exception {
        SqlitePaths.createParentDirectory(factory.getUrl());
        final ManagedDataSource dataSource = factory.build(metrics, "sqlite");
        dataSource.start();
        // Plain Jdbi: no SqlObject interface is used anywhere.
        final Jdbi jdbi = Jdbi.create(dataSource);
        final Database database = new Database(factory.getUrl(), dataSource, jdbi, new AtomicBoolean(),
                new WriteGate(), WriteFence.NONE);
        final String mode = jdbi.withHandle(h -> h.createQuery("PRAGMA journal_mode").mapTo(String.class).one());
        final int applied = Migrations.apply(jdbi);
        LOG.info("database {} open: journal_mode={} migrations applied now={}", factory.getUrl(), mode, applied);
        return database;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public WriteGate writeGate() {
        return writeGate;
    }

    /** A write transaction, taken in turn with this process's other writers (see {@link WriteGate}). */
    public <R, X extends Exception> R inTransaction(HandleCallback<R, X> callback) throws X, InterruptedException {
        writeGate.enter();
        try {
            return jdbi.inTransaction(h -> {
                fence.check(h);
                return callback.withHandle(h);
            });
        } finally {
            writeGate.leave();
        }
    }

    public <X extends Exception> void useTransaction(HandleConsumer<X> callback) throws X, InterruptedException {
        inTransaction(h -> {
            callback.useHandle(h);
            return null;
        });
    }

    public String url() {
        return url;
    }

    @Override
    public PhaseStep.Result stop(Duration budget) throws Exception {
        if (!stopped.compareAndSet(false, true)) {
            return PhaseStep.Result.skipped("already stopped");
        }
        String checkpoint;
        try {
            // TRUNCATE: copy every WAL frame into the database file and empty the WAL.
            final Map<String, Object> row = jdbi.withHandle(h -> h.createQuery("PRAGMA wal_checkpoint(TRUNCATE)")
                    .mapToMap().one());
            checkpoint = "checkpoint " + row;
        } catch (Exception e) {
            checkpoint = "checkpoint failed: " + e.getMessage();
            LOG.warn("WAL checkpoint failed; SQLite recovers the WAL at next open", e);
        }
        dataSource.stop();
        return PhaseStep.Result.clean(checkpoint + "; pool closed");
    }
}
