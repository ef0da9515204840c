package io.ledgerlens.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the management token comes from, per store. */
class ManagementTokenTest {
    private static final ObjectMapper JSON = Jackson.newObjectMapper();

    @TempDir
    Path dir;

    private static AuthConfig auth(Map<String, String> values) {
        return JSON.convertValue(values, AuthConfig.class);
    }

    @Test
    void aConfiguredTokenIsUsedAndNoFileIsMade() {
        final Path db = dir.resolve("ledgerlens.db");
        assertThat(ManagementToken.resolve(auth(Map.of("webhooksToken", "configured")), Optional.of(db)))
                .hasValue("configured");
        assertThat(dir.resolve("api-token")).doesNotExist();
    }

    @Test
    void onSqliteTheFileNextToTheDatabaseIsMadeAndKept() throws Exception {
        final Path db = dir.resolve("ledgerlens.db");
        final Optional<String> token = ManagementToken.resolve(auth(Map.of()), Optional.of(db));
        assertThat(token).isPresent();
        assertThat(Files.readString(dir.resolve("api-token")).strip()).isEqualTo(token.get());
        assertThat(ManagementToken.resolve(auth(Map.of()), Optional.of(db))).isEqualTo(token);
    }

    @Test
    void aConfiguredFileIsUsedInsteadOfTheDefault() {
        final Path file = dir.resolve("secrets").resolve("token");
        final Optional<String> token = ManagementToken.resolve(auth(Map.of("tokenFile", file.toString())),
                Optional.of(dir.resolve("ledgerlens.db")));
        assertThat(file).exists();
        assertThat(dir.resolve("api-token")).doesNotExist();
        assertThat(token).isPresent();
    }

    /** Replicas on one PostgreSQL would each make a different token: none is made, management stays locked. */
    @Test
    void onASharedDatabaseNothingIsMadeAndManagementIsLocked() {
        final Path file = dir.resolve("token");
        assertThat(ManagementToken.resolve(auth(Map.of("tokenFile", file.toString())), Optional.empty())).isEmpty();
        assertThat(file).doesNotExist();
        assertThat(ManagementToken.resolve(auth(Map.of()), Optional.empty())).isEmpty();
        assertThat(new TokenAuthenticator(Optional.empty()).authenticate("anything")).isEmpty();
    }

    @Test
    void onASharedDatabaseAFileThatExistsIsRead() throws Exception {
        final Path file = dir.resolve("token");
        final String made = TokenFile.readOrCreate(file);
        assertThat(ManagementToken.resolve(auth(Map.of("tokenFile", file.toString())), Optional.empty()))
                .hasValue(made);
    }
}
