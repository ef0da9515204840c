package io.ledgerlens.db;

import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Versioned schema migrations: classpath files {@code db/migration/V<n>__<name>.sql}, listed in {@link #ALL},
 * each applied once, in order, in its own transaction together with its row in {@code schema_version}.
 * The SQL is kept dialect-neutral so that the same files run on PostgreSQL later.
 */
public final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    public static final List<String> ALL = List.of(
            "V1__lifecycle_runs.sql",
            "V2__stellar_data.sql",
            "V3__webhooks.sql",
            "V4__leases.sql");

    private Migrations() {
    }

    /** @return the number of migrations applied now */
    public static int apply(Jdbi jdbi) {
        jdbi.useHandle(h -> h.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                + "version INTEGER PRIMARY KEY, name VARCHAR(200) NOT NULL, applied_at VARCHAR(40) NOT NULL)"));
        final Set<Integer> applied = jdbi.withHandle(h -> h.createQuery("SELECT version FROM schema_version")
                .mapTo(Integer.class).set());
        int count = 0;
        for (String file : ALL) {
            final int version = versionOf(file);
            if (applied.contains(version)) {
                continue;
            }
            final List<String> statements = statements(read(file));
            jdbi.useTransaction(h -> {
                statements.forEach(h::execute);
                h.execute("INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                        version, file, Instant.now().toString());
            });
            LOG.info("applied migration {}", file);
            count++;
        }
        return count;
    }

    static int versionOf(String file) {
        if (!file.matches("V\\d+__[A-Za-z0-9_]+\\.sql")) {
            throw new IllegalArgumentException("migration file name must look like V<n>__<name>.sql, got " + file);
        }
        return Integer.parseInt(file.substring(1, file.indexOf("__")));
    }

    static List<String> statements(String sql) {
        final String withoutComments = Arrays.stream(sql.split("\n"))
                .filter(line -> !line.strip().startsWith("--"))
                .collect(Collectors.joining("\n"));
        return Arrays.stream(withoutComments.split(";"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static String read(String file) {
        try (InputStream in = Migrations.class.getResourceAsStream("/db/migration/" + file)) {
            if (in == null) {
                throw new IllegalStateException("migration " + file + " is listed but not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
