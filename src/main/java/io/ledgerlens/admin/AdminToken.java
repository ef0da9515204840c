package io.ledgerlens.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The optional admin token ({@code admin.token}, {@code ADMIN_TOKEN}), checked against an
 * {@code Authorization: Bearer} header. Both sides are hashed before a constant-time comparison, so that neither
 * the content nor the length of the token shows in the time an answer takes. Empty: no token is required.
 */
final class AdminToken {
    private static final String BEARER = "Bearer ";
    private final byte[] expected;

    AdminToken(String token) {
        this.expected = token == null || token.isEmpty() ? null : digest(token);
    }

    boolean required() {
        return expected != null;
    }

    boolean accepts(String authorization) {
        if (expected == null) {
            return true;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return MessageDigest.isEqual(expected, digest(authorization.substring(BEARER.length()).trim()));
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
