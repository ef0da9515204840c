package io.ledgerlens.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The API token file: made once, private to its user, shared by starts that race, refused when leaked. */
class TokenFileTest {
    @TempDir
    Path dir;

    @Test
    void aMissingFileIsMadeWithARandomTokenOnlyItsUserCanRead() throws Exception {
        final Path file = dir.resolve("data").resolve("api-token");
        final String token = TokenFile.readOrCreate(file);

        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(Files.readString(file).strip()).isEqualTo(token);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var left = Files.list(file.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary file left").containsExactly(
                    "api-token");
        }
        assertThat(TokenFile.readOrCreate(dir.resolve("other"))).as("random").isNotEqualTo(token);
    }

    @Test
    void anExistingFileIsReused() throws Exception {
        final Path file = dir.resolve("api-token");
        final String first = TokenFile.readOrCreate(file);
        assertThat(TokenFile.readOrCreate(file)).isEqualTo(first);
    }

    @Test
    void aFileEveryUserCanReadIsRefused() throws Exception {
        final Path file = dir.resolve("api-token");
        Files.writeString(file, "leaked-token\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> TokenFile.readOrCreate(file)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("readable by every user")
                .hasMessageNotContaining("leaked-token");
    }

    @Test
    void aFileTheGroupCanReadIsMadePrivate() throws Exception {
        final Path file = dir.resolve("api-token");
        Files.writeString(file, "group-token\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        assertThat(TokenFile.readOrCreate(file)).isEqualTo("group-token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void anEmptyFileIsRefused() throws Exception {
        final Path file = dir.resolve("api-token");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(TokenFile.OWNER_ONLY));
        assertThatThrownBy(() -> TokenFile.readOrCreate(file)).hasMessageContaining("is empty");
    }

    @Test
    void startsThatRaceAllGetTheSameToken() throws Exception {
        final Path file = dir.resolve("api-token");
        final int starts = 8;
        final CountDownLatch go = new CountDownLatch(1);
        final ExecutorService pool = Executors.newFixedThreadPool(starts);
        try {
            final List<Future<String>> tokens = new ArrayList<>();
            for (int i = 0; i < starts; i++) {
                tokens.add(pool.submit(() -> {
                    go.await();
                    return TokenFile.readOrCreate(file);
                }));
            }
            go.countDown();
            final Set<String> distinct = new HashSet<>();
            for (Future<String> token : tokens) {
                distinct.add(token.get(10, TimeUnit.SECONDS));
            }
            assertThat(distinct).hasSize(1);
            assertThat(Files.readString(file).strip()).isEqualTo(distinct.iterator().next());
        } finally {
            pool.shutdownNow();
        }
    }
}
