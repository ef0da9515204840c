package io.ledgerlens.ws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The optional shared token of {@code /ws}: from the {@code token} query parameter or an
 * {@code Authorization: Bearer} header. Compared in constant time. No token configured: every client is accepted.
 */
final class TokenCheck {
    private static final String BEARER = "Bearer ";
    private final byte[] expected;

    TokenCheck(String token) {
        this.expected = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    boolean accepts(String queryToken, String authorization) {
        if (expected == null) {
            return true;
        }
        if (queryToken != null) {
            return matches(queryToken);
        }
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return matches(authorization.substring(BEARER.length()).trim());
        }
        return false;
    }

    private boolean matches(String given) {
        return MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8));
    }
}
