package io.ledgerlens.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The optional {@code /ws} token ({@code websocket.token}): given as a query parameter where the
 * endpoint allows one, or as an {@code Authorization: Bearer} header. Compared in constant time. No token
 * configured: every caller is accepted.
 */
public final class SharedToken {
    private static final String BEARER = "Bearer ";
    private final byte[] expected;

    public SharedToken(String token) {
        this.expected = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    public boolean required() {
        return expected != null;
    }

    /** @param queryToken null where the endpoint takes the token from the header only */
    public boolean accepts(String queryToken, String authorization) {
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
