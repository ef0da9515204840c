package io.ledgerlens.testsupport;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The test PostgreSQL itself: databases of their own, and a kill and restart that keep committed data. */
class PostgresProcessTest {
    @Test
    void aKilledServerIsGoneAndComesBackOnTheSamePortWithItsCommittedRows() throws Exception {
        try (PostgresProcess postgres = PostgresProcess.start()) {
            final String url = postgres.createDatabase();
            final String database = url.substring(url.lastIndexOf('/') + 1);
            try (Connection c = postgres.connect(database); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (v INTEGER)");
                s.execute("INSERT INTO t VALUES (42)");
            }
            postgres.kill();
            assertThatThrownBy(() -> postgres.connect(database).close()).isInstanceOf(SQLException.class);

            postgres.launch();
            try (Connection c = postgres.connect(database); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT v FROM t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
            postgres.stop();
            assertThatThrownBy(() -> postgres.connect(database).close()).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void theSharedServerGivesEveryCallerAnEmptyDatabaseOfItsOwn() throws Exception {
        final PostgresProcess shared = PostgresProcess.shared();
        final String first = shared.createDatabase();
        final String second = shared.createDatabase();
        assertThat(first).isNotEqualTo(second).startsWith("jdbc:postgresql://127.0.0.1:" + shared.port() + "/");
        try (Connection c = shared.connect(second.substring(second.lastIndexOf('/') + 1));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }
}
