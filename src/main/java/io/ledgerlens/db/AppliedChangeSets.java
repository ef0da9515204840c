package io.ledgerlens.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Whether a database already holds every change set of {@value Migrations#CHANGELOG}, exactly as this build has it:
 * Liquibase's table {@code DATABASECHANGELOG} has one row per change set, with the same id, author, file and
 * checksum as {@value #CHECKSUMS} lists, and no other row. Then Liquibase would do nothing, and the start does not
 * load it (most of a second). Anything else (no table, a row missing, an extra row, another checksum, none) and
 * Liquibase runs as before, with its lock and its checks.
 * <p>
 * {@value #CHECKSUMS} holds Liquibase's own checksums of the change log, one change set a line:
 * {@code id author file checksum}; a test fails when it no longer matches the change log, so a changed change set
 * is never taken for an applied one.
 */
final class AppliedChangeSets {
    static final String CHECKSUMS = "db/changelog.checksums";

    /** One change set as Liquibase records it once run. */
    record Row(String id, String author, String file, String checksum) {
        Row {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(author, "author");
            Objects.requireNonNull(file, "file");
        }

        String line() {
            return id + " " + author + " " + file + " " + checksum;
        }

        /**
         * The four values, compared as a list: a record's own equals and hashCode are built from method handles
         * the first time they run, which costs a start more than this whole check.
         */
        List<String> key() {
            return Arrays.asList(id, author, file, checksum);
        }
    }

    private AppliedChangeSets() {
    }

    /** The rows a database migrated by this build holds, from {@value #CHECKSUMS}. */
    static List<Row> expected() {
        try (InputStream in = AppliedChangeSets.class.getClassLoader().getResourceAsStream(CHECKSUMS)) {
            if (in == null) {
                throw new IllegalStateException(CHECKSUMS + " is missing from the class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + CHECKSUMS, e);
        }
    }

    /** Lines of {@code id author file checksum}; blank lines and lines starting with {@code #} are left out. */
    static List<Row> parse(String text) {
        final List<Row> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            final String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            final String[] fields = trimmed.split("\\s+");
            if (fields.length != 4) {
                throw new IllegalArgumentException(CHECKSUMS + ": expected 'id author file checksum', got: " + line);
            }
            rows.add(new Row(fields[0], fields[1], fields[2], fields[3]));
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(CHECKSUMS + " lists no change set");
        }
        return rows;
    }

    /**
     * True only when {@code connection}'s database has exactly the {@code expected} rows. A failed read (no table
     * yet) is false; the connection is left as it was found.
     */
    static boolean allApplied(Connection connection, List<Row> expected) throws SQLException {
        Objects.requireNonNull(connection, "connection");
        if (expected.isEmpty()) {
            throw new IllegalArgumentException("expected lists no change set");
        }
        final List<Row> actual;
        try {
            actual = read(connection);
        } catch (SQLException e) {
            // PostgreSQL: a failed statement spoils an open transaction for Liquibase, which comes next.
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            return false;
        }
        final Set<List<String>> distinct = keys(actual);
        return actual.size() == expected.size() && distinct.size() == actual.size()
                && distinct.equals(keys(expected));
    }

    private static Set<List<String>> keys(List<Row> rows) {
        final Set<List<String>> keys = new HashSet<>();
        for (Row row : rows) {
            keys.add(row.key());
        }
        return keys;
    }

    private static List<Row> read(Connection connection) throws SQLException {
        final List<Row> rows = new ArrayList<>();
        // Unquoted: DATABASECHANGELOG on SQLite, databasechangelog on PostgreSQL.
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, author, filename, md5sum FROM databasechangelog")) {
            while (rs.next()) {
                rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        }
        return rows;
    }
}
