package io.ledgerlens.db;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.ledgerlens.testsupport.TestStore;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The start's shortcut past Liquibase ({@link AppliedChangeSets}), on SQLite and PostgreSQL: taken on a restart of
 * a migrated database, and on nothing else. A database a change set behind, one with a change set this build does
 * not know, or one whose recorded checksum differs or is missing gets Liquibase, as before; the data stays in every
 * case.
 */
class MigrationSkipTest {
    private static final int CHANGE_SETS = 7;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void anEmptyDatabaseIsMigratedByLiquibase(TestStore store) throws Exception {
        final DataSourceFactory factory = store.newFactory(dir);
        assertThat(apply(factory)).isEqualTo(new Migrations.Outcome(true, CHANGE_SETS));
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void aRestartOnAMigratedDatabaseSkipsLiquibaseAndKeepsTheData(TestStore store) throws Exception {
        final DataSourceFactory factory = store.newFactory(dir);
        apply(factory);
        putCursor(factory, "77");

        assertThat(apply(factory)).isEqualTo(new Migrations.Outcome(false, 0));
        assertThat(apply(factory)).as("every restart").isEqualTo(new Migrations.Outcome(false, 0));
        assertThat(cursor(factory)).isEqualTo("77");
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void aDatabaseAChangeSetBehindGetsItFromLiquibase(TestStore store) throws Exception {
        final DataSourceFactory factory = store.newFactory(dir);
        liquibaseUpTo(factory, CHANGE_SETS - 1);
        putCursor(factory, "78");

        assertThat(apply(factory)).isEqualTo(new Migrations.Outcome(true, 1));
        assertThat(cursor(factory)).isEqualTo("78");
        assertThat(apply(factory)).as("the next start").isEqualTo(new Migrations.Outcome(false, 0));
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void aChangeSetThisBuildDoesNotKnowSendsTheStartThroughLiquibase(TestStore store) throws Exception {
        final DataSourceFactory factory = store.newFactory(dir);
        apply(factory);
        putCursor(factory, "79");
        execute(factory, "INSERT INTO databasechangelog (id, author, filename, dateexecuted, orderexecuted, exectype, "
                + "md5sum) VALUES ('7-from-a-newer-build', 'ledgerlens', 'ledgerlens', CURRENT_TIMESTAMP, 7, "
                + "'EXECUTED', '9:00000000000000000000000000000000')");

        assertThat(apply(factory)).isEqualTo(new Migrations.Outcome(true, 0));
        assertThat(cursor(factory)).isEqualTo("79");
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void aRecordedChecksumThatDiffersIsLeftToLiquibaseWhichRefusesTheStart(TestStore store) throws Exception {
        final DataSourceFactory factory = store.newFactory(dir);
        apply(factory);
        putCursor(factory, "80");
        execute(factory, "UPDATE databasechangelog SET md5sum = '9:00000000000000000000000000000000' "
                + "WHERE id = '4-leases'");

        assertThatThrownBy(() -> apply(factory)).hasStackTraceContaining("ValidationFailedException")
                .hasStackTraceContaining("4-leases");
        assertThat(cursor(factory)).isEqualTo("80");
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void clearedChecksumsKeepEveryStartOnLiquibase(TestStore store) throws Exception {
        final DataSourceFactory factory = store.newFactory(dir);
        apply(factory);
        putCursor(factory, "81");
        execute(factory, "UPDATE databasechangelog SET md5sum = NULL WHERE id = '2-stellar-data'");

        // Liquibase fills a cleared checksum in only when it has a change set to run; until then it runs each time.
        assertThat(apply(factory)).isEqualTo(new Migrations.Outcome(true, 0));
        assertThat(apply(factory)).isEqualTo(new Migrations.Outcome(true, 0));
        assertThat(cursor(factory)).isEqualTo("81");
    }

    private static Migrations.Outcome apply(DataSourceFactory factory) throws Exception {
        final ManagedDataSource dataSource = pool(factory);
        try {
            return Migrations.apply(dataSource, Dialect.of(factory.getUrl()));
        } finally {
            dataSource.stop();
        }
    }

    /** What an earlier build, whose change log ended {@code count} change sets in, left behind. */
    private static void liquibaseUpTo(DataSourceFactory factory, int count) throws Exception {
        final ManagedDataSource dataSource = pool(factory);
        try (Connection connection = dataSource.getConnection()) {
            Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor()), () -> {
                final liquibase.database.Database database = DatabaseFactory.getInstance()
                        .findCorrectDatabaseImplementation(new JdbcConnection(connection));
                new Liquibase(Migrations.CHANGELOG, new ClassLoaderResourceAccessor(), database)
                        .update(count, new Contexts(), new LabelExpression());
            });
        } finally {
            dataSource.stop();
        }
        assertThat(countChangeSets(factory)).isEqualTo(count);
    }

    private static ManagedDataSource pool(DataSourceFactory factory) throws Exception {
        Dialect.of(factory.getUrl()).prepare(factory);
        final ManagedDataSource dataSource = factory.build(new MetricRegistry(), "test");
        dataSource.start();
        return dataSource;
    }

    private static void execute(DataSourceFactory factory, String sql) throws Exception {
        final ManagedDataSource dataSource = pool(factory);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } finally {
            dataSource.stop();
        }
    }

    private static int countChangeSets(DataSourceFactory factory) throws Exception {
        final ManagedDataSource dataSource = pool(factory);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM databasechangelog")) {
            rs.next();
            return rs.getInt(1);
        } finally {
            dataSource.stop();
        }
    }

    private static void putCursor(DataSourceFactory factory, String position) throws Exception {
        final ManagedDataSource dataSource = pool(factory);
        try {
            Jdbi.create(dataSource).useHandle(h -> Cursors.put(h, "ingest", position, Instant.now()));
        } finally {
            dataSource.stop();
        }
    }

    private static String cursor(DataSourceFactory factory) throws Exception {
        final ManagedDataSource dataSource = pool(factory);
        try {
            return Jdbi.create(dataSource).withHandle(h -> Cursors.get(h, "ingest")).orElseThrow();
        } finally {
            dataSource.stop();
        }
    }

}
