package io.ledgerlens.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The file behind a {@code jdbc:sqlite:} URL, so that its directory can be created on a fresh machine. */
final class SqlitePaths {
    private static final String PREFIX = "jdbc:sqlite:";
    private static final String SETTING = "database.url (LEDGERLENS_DB)";

    private SqlitePaths() {
    }

    static Optional<Path> fileOf(String url) {
        if (url == null || !url.startsWith(PREFIX)) {
            throw new IllegalArgumentException("database.url must start with " + PREFIX + ", got " + url);
        }
        String rest = url.substring(PREFIX.length());
        final int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        if (rest.isEmpty() || rest.equals(":memory:") || rest.startsWith("file::memory:")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(rest.startsWith("file:") ? rest.substring(5) : rest));
    }

    /**
     * Creates the database file's directory if missing, and refuses, naming the path and the setting, a path
     * that SQLite could not open: a directory, or a directory that cannot be created or written.
     */
    static void createParentDirectory(String url) {
        final Optional<Path> file = fileOf(url).map(Path::toAbsolutePath);
        if (file.isEmpty()) {
            return;
        }
        if (Files.isDirectory(file.get())) {
            throw new IllegalArgumentException(SETTING + " is " + file.get() + ", which is a directory: it must "
                    + "name the database file (created if missing)");
        }
        final Path dir = file.get().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory " + dir + " for " + SETTING + " "
                    + file.get() + " (" + e.getClass().getSimpleName() + "): it must be a writable directory", e);
        }
        if (!Files.isWritable(dir) || Files.exists(file.get()) && !Files.isWritable(file.get())) {
            throw new IllegalArgumentException(SETTING + " " + file.get() + " is not writable by this process: the "
                    + "file and its directory must be writable");
        }
    }
}
