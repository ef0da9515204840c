package io.ledgerlens.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which token manages webhooks: {@code auth.webhooksToken} when set; else the token file. On SQLite (one instance)
 * the file is made at first start, by default {@code api-token} next to the database file. On a shared database
 * nothing is made (each replica would make its own): a configured file that exists is read, and otherwise webhook
 * management stays locked until a token is set.
 */
public final class ManagementToken {
    private static final Logger LOG = LoggerFactory.getLogger(ManagementToken.class);
    public static final String DEFAULT_FILE_NAME = "api-token";

    private ManagementToken() {
    }

    /**
     * @param sqliteFile the SQLite database file; empty on PostgreSQL (or an in-memory SQLite)
     * @return the token, or empty: nobody may manage webhooks
     */
    public static Optional<String> resolve(AuthConfig auth, Optional<Path> sqliteFile) {
        if (!auth.webhooksToken().isEmpty()) {
            LOG.info("API token for /api/webhooks: auth.webhooksToken (WEBHOOKS_API_TOKEN)");
            return Optional.of(auth.webhooksToken());
        }
        final Optional<Path> configured = auth.tokenFile().isEmpty() ? Optional.empty()
                : Optional.of(Path.of(auth.tokenFile()));
        try {
            if (sqliteFile.isPresent()) {
                final Path file = configured.orElseGet(() -> sqliteFile.get().toAbsolutePath()
                        .resolveSibling(DEFAULT_FILE_NAME));
                return Optional.of(TokenFile.readOrCreate(file));
            }
            if (configured.isPresent() && Files.exists(configured.get())) {
                return Optional.of(TokenFile.readOrCreate(configured.get()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the API token file (auth.tokenFile, "
                    + "AUTH_TOKEN_FILE): " + e.getMessage(), e);
        }
        LOG.warn("no API token for /api/webhooks: on a shared database no token file is made (each instance would "
                + "make its own), so webhook management is locked (every call 401). Set WEBHOOKS_API_TOKEN "
                + "(auth.webhooksToken) to the same secret on every instance");
        return Optional.empty();
    }
}
