package io.ledgerlens.db;

import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.lockservice.LockServiceFactory;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.OutputStream;
import java.sql.Connection;
import java.util.Map;

/**
 * The schema, migrated by Liquibase from {@value #CHANGELOG}: one change set per SQL file in
 * {@code db/migration}, the same files on SQLite and PostgreSQL. Applied at start (unless
 * {@code database.migrateOnStart} is false) and by {@code java -jar ledgerlens.jar db migrate config.yml}.
 * A database that the earlier hand-written runner migrated (table {@code schema_version}) is adopted: the change
 * sets of the versions it lists are marked as run, not run again. A database that already holds every change set
 * of this build, checksums included ({@link AppliedChangeSets}), is left alone without loading Liquibase.
 */
public final class Migrations {
    public static final String CHANGELOG = "db/changelog.xml";
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {
    }

    /** Liquibase settings for this service: no usage reporting over the network (set once, before first use). */
    public static void configureLiquibase() {
        if (System.getProperty("liquibase.analytics.enabled") == null) {
            System.setProperty("liquibase.analytics.enabled", "false");
        }
    }

    /** What {@link #apply} did: whether Liquibase ran, and how many change sets it ran or marked as run. */
    public record Outcome(boolean liquibaseRan, int applied) {
        static final Outcome UP_TO_DATE = new Outcome(false, 0);
    }

    /**
     * Brings the schema up to date. When the database already holds every change set of this build exactly, that
     * is all; otherwise Liquibase runs. On PostgreSQL an advisory lock makes instances that start at once take
     * turns, so an empty database is migrated exactly once.
     */
    public static Outcome apply(DataSource dataSource, Dialect dialect) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            // No lock needed to look: Liquibase records a change set in the transaction that runs it (PostgreSQL)
            // or right after it, so all rows present and matching means all of the schema is there.
            if (AppliedChangeSets.allApplied(connection, AppliedChangeSets.expected())) {
                return Outcome.UP_TO_DATE;
            }
            configureLiquibase();
            final boolean autoCommit = connection.getAutoCommit();
            dialect.lockMigrations(connection);
            try {
                return new Outcome(true, Scope.child(Map.of(Scope.Attr.ui.name(), new LoggerUIService(),
                        Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor()),
                        () -> update(connection)));
            } finally {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
                connection.setAutoCommit(autoCommit);
                dialect.unlockMigrations(connection);
            }
        }
    }

    private static int update(Connection connection) throws Exception {
        final liquibase.database.Database database = DatabaseFactory.getInstance()
                .findCorrectDatabaseImplementation(new JdbcConnection(connection));
        // Only this connection migrates now (the advisory lock on PostgreSQL; one instance per SQLite file), so a
        // lock row left by a process killed while migrating is stale: without this, every later start would wait
        // for it (5 minutes by Liquibase's default) and then fail.
        LockServiceFactory.getInstance().getLockService(database).forceReleaseLock();
        // Not closed: that would close the pooled connection, which the caller still unlocks and returns.
        final Liquibase liquibase = new Liquibase(CHANGELOG, new ClassLoaderResourceAccessor(), database);
        final int pending = liquibase.listUnrunChangeSets(new Contexts(), new LabelExpression()).size();
        if (pending > 0) {
            new CommandScope(UpdateCommandStep.COMMAND_NAME)
                    .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                    .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
                    // The summary goes to the log, not to standard output.
                    .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY_OUTPUT, UpdateSummaryOutputEnum.LOG)
                    .setOutput(OutputStream.nullOutputStream())
                    .execute();
            LOG.info("schema migrated: {} change sets run or adopted now", pending);
        }
        return pending;
    }
}
