package io.ledgerlens.db;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.util.LibraryLoaderUtil;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * sqlite-jdbc's native library, kept extracted from one start to the next. On its first use in a process sqlite-jdbc
 * copies the library out of the jar into the temporary directory under a new name, reads the copy back a byte at a
 * time to compare it (0.15 to 0.5 s of a start on a loaded 2-core machine, most of it code not yet compiled), and
 * loads it. Given a directory and a file name ({@value #PATH_PROPERTY}, {@value #NAME_PROPERTY}) it loads that file
 * instead. This keeps one copy in a directory that only this user can write, compares it with the jar's library
 * before every start (two bulk reads), rewrites it when they differ, and points sqlite-jdbc at it.
 * <p>
 * Anything else (the properties set already, a directory another user owns or others may write, a symbolic link, no
 * POSIX permissions, no library for this platform in the jar, an I/O error) and sqlite-jdbc extracts as before.
 */
final class SqliteNativeLibrary {
    static final String PATH_PROPERTY = "org.sqlite.lib.path";
    static final String NAME_PROPERTY = "org.sqlite.lib.name";
    private static final Logger LOG = LoggerFactory.getLogger(SqliteNativeLibrary.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private SqliteNativeLibrary() {
    }

    /**
     * Before SQLite's first use in this process: points sqlite-jdbc at a verified copy under sqlite-jdbc's own
     * temporary directory ({@code org.sqlite.tmpdir}, else {@code java.io.tmpdir}), unless the properties are set.
     */
    static void useKeptCopy() {
        if (System.getProperty(PATH_PROPERTY) != null || System.getProperty(NAME_PROPERTY) != null) {
            return;
        }
        final Path base = Path.of(System.getProperty("org.sqlite.tmpdir", System.getProperty("java.io.tmpdir")));
        keptCopy(base.resolve("ledgerlens-sqlite-" + System.getProperty("user.name", "user"))).ifPresent(library -> {
            System.setProperty(PATH_PROPERTY, library.getParent().toString());
            System.setProperty(NAME_PROPERTY, library.getFileName().toString());
        });
    }

    /**
     * The jar's library in {@code dir} (created owner-only if missing), identical to the jar's; empty when that
     * cannot be had safely.
     */
    static Optional<Path> keptCopy(Path dir) {
        Objects.requireNonNull(dir, "dir");
        final String name = LibraryLoaderUtil.getNativeLibName();
        final String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name;
        try (InputStream in = SqliteNativeLibrary.class.getResourceAsStream(resource)) {
            if (in == null) {
                LOG.debug("no SQLite library {} in the jar; sqlite-jdbc finds its own", resource);
                return Optional.empty();
            }
            final byte[] library = in.readAllBytes();
            if (!ownedByThisUserOnly(dir)) {
                LOG.debug("{} is not a directory only this user can write; sqlite-jdbc extracts its library", dir);
                return Optional.empty();
            }
            final Path file = dir.resolve(name);
            if (!sameContent(file, library)) {
                final Path written = Files.createTempFile(dir, name, ".part",
                        PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                Files.write(written, library);
                Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return Optional.of(file);
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not keep the SQLite library in {}; sqlite-jdbc extracts it: {}", dir, e.toString());
            return Optional.empty();
        }
    }

    private static boolean sameContent(Path file, byte[] library) throws IOException {
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.size(file) == library.length
                && Arrays.equals(Files.readAllBytes(file), library);
    }

    /** Creates {@code dir} owner-only if missing; true when it is a directory of this user no one else may write. */
    private static boolean ownedByThisUserOnly(Path dir) throws IOException {
        if (Files.notExists(dir, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (FileAlreadyExistsException e) {
                // Another process made it just now: checked below like any other.
            }
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                || !OWNER_ONLY.containsAll(Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS))) {
            return false;
        }
        // The directory's owner is whoever owns what this process creates.
        final Path probe = Files.createTempFile(dir, "owner", ".probe");
        try {
            return Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).equals(Files.getOwner(probe));
        } finally {
            Files.delete(probe);
        }
    }
}
