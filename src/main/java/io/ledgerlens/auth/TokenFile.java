package io.ledgerlens.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The API token kept in a file only its user can read (mode 0600). A missing file is made with 32 random bytes
 * (base64url): written to a private temporary file first, then hard-linked into place, so that the file appears
 * whole and two starts at once end up with the same token (the second link fails and that start reads the
 * first's). The token itself is never logged, only where it is.
 */
public final class TokenFile {
    private static final Logger LOG = LoggerFactory.getLogger(TokenFile.class);
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenFile() {
    }

    /** @throws IllegalStateException the file is readable by every user, or empty */
    public static String readOrCreate(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        final Path absolute = file.toAbsolutePath();
        if (Files.exists(absolute)) {
            return read(absolute);
        }
        Files.createDirectories(absolute.getParent());
        final String token = newToken();
        final Path temp = Files.createTempFile(absolute.getParent(), ".api-token-", ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.writeString(temp, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.SYNC);
            Files.createLink(absolute, temp);
        } catch (FileAlreadyExistsException e) {
            // Another start made it first: its token is the one.
            return read(absolute);
        } finally {
            Files.deleteIfExists(temp);
        }
        LOG.info("API token for /api/webhooks written to {} (mode 0600; send it as Authorization: Bearer <token>)",
                absolute);
        return token;
    }

    static String newToken() {
        final byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String read(Path file) throws IOException {
        checkPermissions(file);
        final String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (token.isEmpty()) {
            throw new IllegalStateException("the API token file " + file + " is empty: delete it to have a new "
                    + "token made at start, or put one in it");
        }
        LOG.info("API token for /api/webhooks read from {}", file);
        return token;
    }

    private static void checkPermissions(Path file) throws IOException {
        final PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        final Set<PosixFilePermission> mode = view.readAttributes().permissions();
        if (mode.contains(PosixFilePermission.OTHERS_READ)) {
            throw new IllegalStateException("the API token file " + file + " is readable by every user (mode "
                    + PosixFilePermissions.toString(mode) + "): treat the token as leaked; delete the file to have "
                    + "a new one made at start (mode 0600), or chmod 600 it");
        }
        final Set<PosixFilePermission> extra = EnumSet.copyOf(mode);
        extra.removeAll(OWNER_ONLY);
        if (!extra.isEmpty()) {
            view.setPermissions(OWNER_ONLY);
            LOG.warn("the API token file {} had mode {}: set to rw------- (0600)", file,
                    PosixFilePermissions.toString(mode));
        }
    }
}
