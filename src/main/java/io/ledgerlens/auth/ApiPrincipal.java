package io.ledgerlens.auth;

import java.security.Principal;
import java.util.Objects;
import java.util.Set;

/** Whoever presented a valid token, with the rights that token carries. */
public final class ApiPrincipal implements Principal {
    private final String name;
    private final Set<String> roles;

    public ApiPrincipal(String name, Set<String> roles) {
        this.name = Objects.requireNonNull(name, "name");
        this.roles = Set.copyOf(roles);
    }

    @Override
    public String getName() {
        return name;
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    @Override
    public String toString() {
        return "ApiPrincipal[" + name + " " + roles + "]";
    }
}
