package io.ledgerlens.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The file behind a {@code jdbc:sqlite:} URL, so that its directory can be created on a fresh machine. */
final class SqlitePaths {
    private static final String PREFIX = "jdbc:sqlite:";

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

    static void createParentDirectory(String url) {
        fileOf(url).map(Path::toAbsolutePath).map(Path::getParent).ifPresent(dir -> {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the database directory " + dir, e);
            }
        });
    }
}
