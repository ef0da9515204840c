package io.ledgerlens.auth;

import io.dropwizard.auth.Authorizer;
import jakarta.ws.rs.container.ContainerRequestContext;

/** A principal may do what its token's roles say. */
final class RoleAuthorizer implements Authorizer<ApiPrincipal> {
    @Override
    public boolean authorize(ApiPrincipal principal, String role, ContainerRequestContext request) {
        return principal.has(role);
    }
}
