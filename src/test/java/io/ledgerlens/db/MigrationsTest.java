package io.ledgerlens.db;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.DataSourceFactory;
import io.ledgerlens.testsupport.PostgresProcess;
import io.ledgerlens.testsupport.TestStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Liquibase's change log: complete, adopting SQLite files that the earlier hand-written runner migrated, and run
 * exactly once by instances that start at once on an empty PostgreSQL.
 */
class MigrationsTest {
    private static final List<String> OLD_RUNNER_FILES = List.of("V1__lifecycle_runs.sql", "V2__stellar_data.sql",
            "V3__webhooks.sql");

    @TempDir
    Path dir;

    @Test
    void everySqlFileIsAChangeSetOfTheChangeLog() throws Exception {
        final String changelog = resource(Migrations.CHANGELOG);
        final Matcher m = Pattern.compile("path=\"db/migration/([^\"]+)\"").matcher(changelog);
        final List<String> referenced = new ArrayList<>();
        while (m.find()) {
            referenced.add(m.group(1));
        }
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            assertThat(referenced).containsExactlyElementsOf(files.map(p -> p.getFileName().toString()).sorted()
                    .toList());
        }
    }

    @Test
    void aFileTheOldRunnerMigratedIsAdoptedWithItsDataAndNothingRunAgain() throws Exception {
        final DataSourceFactory factory = TestStore.SQLITE.newFactory(dir);
        oldRunner(factory.getUrl(), 3);
        execute(factory.getUrl(), "INSERT INTO cursors (name, position, updated_at) VALUES ('ingest', '77', 'x')");

        final Database db = Database.open(factory, new MetricRegistry());
        assertThat(DatabaseTest.changeSets(db)).containsExactly("1-lifecycle-runs:MARK_RAN", "2-stellar-data:MARK_RAN",
                "3-webhooks:MARK_RAN", "4-leases:EXECUTED", "5-run-instance:EXECUTED",
                "6-webhook-bounds:EXECUTED", "7-sealed-secrets:EXECUTED");
        assertThat(Cursors.get(db.jdbi().open(), "ingest")).contains("77");
        db.stop(Duration.ofSeconds(1));
    }

    @Test
    void aFileTheOldRunnerMigratedHalfwayGetsOnlyTheRest() throws Exception {
        final DataSourceFactory factory = TestStore.SQLITE.newFactory(dir);
        oldRunner(factory.getUrl(), 2);
        execute(factory.getUrl(), "INSERT INTO cursors (name, position, updated_at) VALUES ('ingest', '78', 'x')");

        final Database db = Database.open(factory, new MetricRegistry());
        assertThat(DatabaseTest.changeSets(db)).containsExactly("1-lifecycle-runs:MARK_RAN", "2-stellar-data:MARK_RAN",
                "3-webhooks:EXECUTED", "4-leases:EXECUTED", "5-run-instance:EXECUTED",
                "6-webhook-bounds:EXECUTED", "7-sealed-secrets:EXECUTED");
        final long subscriptions = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM "
                + "webhook_subscriptions").mapTo(Long.class).one());
        assertThat(subscriptions).isZero();
        assertThat(Cursors.get(db.jdbi().open(), "ingest")).contains("78");
        db.stop(Duration.ofSeconds(1));
    }

    @Test
    void threeInstancesStartingAtOnceOnAnEmptyPostgresMigrateItExactlyOnce() throws Exception {
        final String url = TestStore.POSTGRES.newFactory(dir).getUrl();
        final CyclicBarrier together = new CyclicBarrier(3);
        final ExecutorService instances = Executors.newFixedThreadPool(3);
        try {
            final List<Future<Database>> opened = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                opened.add(instances.submit(() -> {
                    final DataSourceFactory factory = new DataSourceFactory();
                    factory.setUrl(url);
                    factory.setUser(PostgresProcess.USER);
                    together.await(30, TimeUnit.SECONDS);
                    return Database.open(factory, new MetricRegistry());
                }));
            }
            final List<Database> databases = new ArrayList<>();
            for (Future<Database> f : opened) {
                databases.add(f.get(120, TimeUnit.SECONDS));
            }
            assertThat(DatabaseTest.changeSets(databases.get(0))).containsExactly("1-lifecycle-runs:EXECUTED",
                    "2-stellar-data:EXECUTED", "3-webhooks:EXECUTED", "4-leases:EXECUTED", "5-run-instance:EXECUTED",
                "6-webhook-bounds:EXECUTED", "7-sealed-secrets:EXECUTED");
            for (Database db : databases) {
                db.stop(Duration.ofSeconds(1));
            }
        } finally {
            instances.shutdownNow();
        }
    }

    /** What the earlier runner did: each file's statements, and its row in schema_version. */
    private static void oldRunner(String url, int upToVersion) throws Exception {
        execute(url, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                + "name VARCHAR(200) NOT NULL, applied_at VARCHAR(40) NOT NULL)");
        for (int version = 1; version <= upToVersion; version++) {
            final String file = OLD_RUNNER_FILES.get(version - 1);
            for (String statement : statements(resource("db/migration/" + file))) {
                execute(url, statement);
            }
            execute(url, "INSERT INTO schema_version (version, name, applied_at) VALUES (" + version + ", '" + file
                    + "', '2026-11-01T00:00:00Z')");
        }
    }

    private static List<String> statements(String sql) {
        final String withoutComments = Arrays.stream(sql.split("\n"))
                .filter(line -> !line.strip().startsWith("--"))
                .collect(Collectors.joining("\n"));
        return Arrays.stream(withoutComments.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = MigrationsTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
