package io.ledgerlens.auth;

/** The rights a token may carry, as named in {@code @RolesAllowed}. */
public final class Roles {
    /** Create, read, change and delete webhook subscriptions. */
    public static final String WEBHOOKS = "webhooks";

    private Roles() {
    }
}
