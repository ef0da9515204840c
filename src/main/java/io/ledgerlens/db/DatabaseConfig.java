package io.ledgerlens.db;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.validation.ValidationMethod;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code database} block: Dropwizard's data source settings, whose {@code url} picks the store
 * ({@code jdbc:sqlite:<file>} or {@code jdbc:postgresql://...}; the driver follows from it), plus whether the
 * schema is migrated at start.
 */
public class DatabaseConfig extends DataSourceFactory {
    @JsonProperty
    private boolean migrateOnStart = true;

    public boolean migrateOnStart() {
        return migrateOnStart;
    }

    public void setMigrateOnStart(boolean migrateOnStart) {
        this.migrateOnStart = migrateOnStart;
    }

    @JsonIgnore
    public Dialect dialect() {
        return Dialect.of(getUrl());
    }

    /** The SQLite database file; empty on PostgreSQL and for an in-memory SQLite. */
    @JsonIgnore
    public Optional<Path> sqliteFile() {
        return dialect() == Dialect.SQLITE ? SqlitePaths.fileOf(getUrl()) : Optional.empty();
    }

    @JsonIgnore
    @ValidationMethod(message = "database.url (DATABASE_URL) must start with jdbc:sqlite: or jdbc:postgresql:")
    public boolean isUrlOfAKnownStore() {
        try {
            Dialect.of(getUrl());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
