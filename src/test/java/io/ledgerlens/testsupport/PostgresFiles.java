package io.ledgerlens.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Where the binaries are and who owns the files. */
final class PostgresFiles {
    private PostgresFiles() {
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The newest /usr/lib/postgresql/N/bin (Debian), else /usr/local/bin or PATH. */
    static String binary(String name) {
        final List<Path> candidates = new ArrayList<>();
        final Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                versions.filter(v -> v.getFileName().toString().matches("\\d+"))
                        .sorted(Comparator.comparingInt((Path v) -> Integer.parseInt(v.getFileName().toString()))
                                .reversed())
                        .forEach(v -> candidates.add(v.resolve("bin").resolve(name)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        candidates.add(Path.of("/usr/local/bin", name));
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!d.isEmpty()) {
                candidates.add(Path.of(d, name));
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst().map(Path::toString)
                .orElseThrow(() -> new IllegalStateException(name + " not found: the tests start real PostgreSQL "
                        + "servers; install them with `apt-get install -y postgresql`"));
    }

    /** A new temp directory that the user running PostgreSQL owns. */
    static Path ownedTempDirectory(String prefix) {
        try {
            final Path dir = Files.createTempDirectory(prefix);
            if (isRoot()) {
                final var lookup = dir.getFileSystem().getUserPrincipalLookupService();
                Files.setOwner(dir, lookup.lookupPrincipalByName(PostgresProcess.USER));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
