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
        assertThat(factory.getProperties()).containsOnlyKeys("ApplicationName", "options");
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
}
