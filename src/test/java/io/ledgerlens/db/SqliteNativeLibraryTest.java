package io.ledgerlens.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.LibraryLoaderUtil;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The kept copy of sqlite-jdbc's native library: made once, the jar's own bytes, and refused where unsafe. */
class SqliteNativeLibraryTest {
    @TempDir
    Path base;

    @Test
    void theFirstStartWritesTheJarsLibraryIntoAnOwnerOnlyDirectoryAndLaterStartsReuseIt() throws Exception {
        final Path dir = base.resolve("kept");
        final Path library = SqliteNativeLibrary.keptCopy(dir).orElseThrow();

        assertThat(library.getParent()).isEqualTo(dir);
        assertThat(Files.readAllBytes(library)).isEqualTo(jarsLibrary());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        final FileTime written = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
        Files.setLastModifiedTime(library, written);

        assertThat(SqliteNativeLibrary.keptCopy(dir)).contains(library);
        assertThat(Files.getLastModifiedTime(library)).as("not written again").isEqualTo(written);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(library);
        }
    }

    @Test
    void aCopyThatDiffersFromTheJarsIsReplaced() throws Exception {
        final Path dir = base.resolve("kept");
        final Path library = SqliteNativeLibrary.keptCopy(dir).orElseThrow();
        Files.write(library, new byte[] {1, 2, 3});

        assertThat(SqliteNativeLibrary.keptCopy(dir)).contains(library);
        assertThat(Files.readAllBytes(library)).isEqualTo(jarsLibrary());
    }

    @Test
    void aDirectoryOthersMayWriteIsNotUsed() throws Exception {
        final Path dir = Files.createDirectory(base.resolve("shared"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThat(SqliteNativeLibrary.keptCopy(dir)).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aSymbolicLinkIsNotFollowed() throws Exception {
        final Path target = Files.createDirectory(base.resolve("elsewhere"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        final Path link = Files.createSymbolicLink(base.resolve("link"), target);

        assertThat(SqliteNativeLibrary.keptCopy(link)).isEmpty();
    }

    private static byte[] jarsLibrary() throws Exception {
        final String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
        try (InputStream in = SqliteNativeLibraryTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return in.readAllBytes();
        }
    }
}
