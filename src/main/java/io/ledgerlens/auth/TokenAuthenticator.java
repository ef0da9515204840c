package io.ledgerlens.auth;

import io.dropwizard.auth.Authenticator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

/**
 * Accepts the one configured token, compared in constant time, as a principal with the webhooks right. With no
 * token (a shared database and none configured) nobody is accepted: management stays locked.
 */
public final class TokenAuthenticator implements Authenticator<String, ApiPrincipal> {
    private static final ApiPrincipal MANAGER = new ApiPrincipal("webhooks-token", Set.of(Roles.WEBHOOKS));
    private final byte[] expected;

    /** @param token the token to accept; empty: none */
    public TokenAuthenticator(Optional<String> token) {
        this.expected = token.filter(t -> !t.isEmpty()).map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    @Override
    public Optional<ApiPrincipal> authenticate(String credentials) {
        if (expected == null || credentials == null) {
            return Optional.empty();
        }
        return MessageDigest.isEqual(expected, credentials.strip().getBytes(StandardCharsets.UTF_8))
                ? Optional.of(MANAGER) : Optional.empty();
    }
}
