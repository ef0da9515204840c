package io.ledgerlens.db;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MigrationsTest {
    @Test
    void versionsComeFromTheFileName() {
        assertThat(Migrations.versionOf("V1__lifecycle_runs.sql")).isEqualTo(1);
        assertThat(Migrations.versionOf("V12__x.sql")).isEqualTo(12);
        assertThatThrownBy(() -> Migrations.versionOf("1_bad.sql"))
                .hasMessageContaining("must look like V<n>__<name>.sql");
    }

    @Test
    void statementsAreSplitAndCommentsDropped() {
        assertThat(Migrations.statements("-- a comment\nCREATE TABLE a (x INT);\n\nCREATE INDEX i ON a (x);\n"))
                .containsExactly("CREATE TABLE a (x INT)", "CREATE INDEX i ON a (x)");
    }

    @Test
    void everyListedMigrationIsOnTheClasspath() {
        for (String file : Migrations.ALL) {
            assertThat(Migrations.class.getResource("/db/migration/" + file)).as(file).isNotNull();
        }
    }
}
