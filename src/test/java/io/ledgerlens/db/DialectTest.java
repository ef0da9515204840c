package io.ledgerlens.db;

import io.dropwizard.db.DataSourceFactory;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The URL picks the store and its driver; PostgreSQL gets no SQLite PRAGMAs; credentials never reach a log. */
class DialectTest {
    @Test
    void theUrlPicksTheStore() {
        assertThat(Dialect.of("jdbc:sqlite:./data/ledgerlens.db")).isEqualTo(Dialect.SQLITE);
        assertThat(Dialect.of("jdbc:postgresql://db:5432/ledgerlens")).isEqualTo(Dialect.POSTGRES);
        assertThatThrownBy(() -> Dialect.of("jdbc:mysql://u:secret@db/x"))
                .hasMessageContaining("must start with jdbc:sqlite: or jdbc:postgresql:")
                .hasMessageNotContaining("secret");
    }

    @Test
    void preparingForPostgresSetsTheDriverDropsPragmasAndTreatsEmptyCredentialsAsNone() {
        final DataSourceFactory factory = new DataSourceFactory();
        factory.setUrl("jdbc:postgresql://db:5432/ledgerlens");
        factory.setUser("");
        factory.setPassword("");
        factory.setProperties(Map.of("journal_mode", "WAL", "busy_timeout", "5000", "ApplicationName", "ll"));
        Dialect.POSTGRES.prepare(factory);
        assertThat(factory.getDriverClass()).isEqualTo("org.postgresql.Driver");
        assertThat(factory.getProperties()).containsOnlyKeys("ApplicationName", "options", "connectTimeout",
                "loginTimeout", "socketTimeout");
        assertThat(factory.getProperties().get("options")).contains("idle_in_transaction_session_timeout");
        assertThat(factory.getUser()).isNull();
        assertThat(factory.getPassword()).isNull();
        assertThat(Dialect.POSTGRES.connectionProperties(factory)).containsEntry("connectTimeout", "2")
                .containsEntry("socketTimeout", "5")
                .doesNotContainKeys("user", "password");

        factory.setUser("ledger");
        factory.setPassword("pw");
        assertThat(Dialect.POSTGRES.connectionProperties(factory)).containsEntry("user", "ledger")
                .containsEntry("password", "pw");
    }

    @Test
    void sqliteKeepsItsPragmasAndAnExplicitDriver() {
        final DataSourceFactory factory = new DataSourceFactory();
        factory.setUrl("jdbc:sqlite:x.db");
        factory.setProperties(Map.of("journal_mode", "WAL"));
        Dialect.SQLITE.prepare(factory);
        assertThat(factory.getDriverClass()).isEqualTo("org.sqlite.JDBC");
        assertThat(factory.getProperties()).containsEntry("journal_mode", "WAL");
    }

    @Test
    void urlsAreLoggedWithoutPasswords() {
        assertThat(JdbcUrls.redact("jdbc:postgresql://db:5432/x?user=ledger&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/x?user=ledger&password=***&ssl=true");
        assertThat(JdbcUrls.redact("jdbc:postgresql://ledger:s3cret@db:5432/x"))
                .isEqualTo("jdbc:postgresql://***@db:5432/x");
        assertThat(JdbcUrls.redact("jdbc:sqlite:./data/ledgerlens.db")).isEqualTo("jdbc:sqlite:./data/ledgerlens.db");
    }

    /** A server that takes the connection and never answers: the pool's connection attempt ends, it does not hang. */
    @Test
    void aPostgresServerThatNeverAnswersEndsTheAttemptInsteadOfHangingIt() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            final java.util.List<java.net.Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
            final Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            final DataSourceFactory factory = new DataSourceFactory();
            factory.setUrl("jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/ledgerlens");
            // The defaults, shortened only so that the test is quick: that the driver honours them is the point.
            factory.setProperties(Map.of("loginTimeout", "1"));
            Dialect.POSTGRES.prepare(factory);
            final java.util.Properties properties = new java.util.Properties();
            properties.putAll(factory.getProperties());
            final long start = System.nanoTime();
            assertThatThrownBy(() -> java.sql.DriverManager.getConnection(factory.getUrl(), properties).close())
                    .isInstanceOf(java.sql.SQLException.class);
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(10));
            assertThat(factory.getProperties()).containsEntry("socketTimeout", "60");
            for (java.net.Socket socket : accepted) {
                socket.close();
            }
        }
    }
}
