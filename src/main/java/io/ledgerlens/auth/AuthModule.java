package io.ledgerlens.auth;

import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.oauth.OAuthCredentialAuthFilter;
import io.dropwizard.core.setup.Environment;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Dropwizard's bearer-token filter on the resources marked {@code @RolesAllowed}; the others (public ledger
 * data) stay open. A token in the query string is refused everywhere. {@code auth.mode: disabled} registers no
 * filter, so that every resource is open, and says so loudly.
 */
public final class AuthModule {
    private static final Logger LOG = LoggerFactory.getLogger(AuthModule.class);
    public static final String REALM = "ledgerlens";

    private AuthModule() {
    }

    /** @param token the management token; empty: management is locked */
    public static void register(Environment environment, AuthConfig config, Optional<String> token, String where) {
        environment.jersey().register(new TokenInQueryFilter());
        if (config.disabled()) {
            LOG.warn("AUTHENTICATION DISABLED (auth.mode: disabled, AUTH_MODE): anyone who reaches {} can manage "
                    + "webhooks. This mode is for tests only; remove it in any other environment", where);
            return;
        }
        environment.jersey().register(new AuthDynamicFeature(new OAuthCredentialAuthFilter.Builder<ApiPrincipal>()
                .setAuthenticator(new TokenAuthenticator(token))
                .setAuthorizer(new RoleAuthorizer())
                .setPrefix("Bearer")
                .setRealm(REALM)
                .setUnauthorizedHandler(new JsonUnauthorized())
                .buildAuthFilter()));
        environment.jersey().register(RolesAllowedDynamicFeature.class);
    }
}
