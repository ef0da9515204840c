package io.ledgerlens.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.setup.AdminFactory;
import jakarta.validation.constraints.NotNull;

/**
 * Dropwizard's {@code admin} section ({@code healthChecks}, {@code tasks}) plus {@code token}: when set, the
 * admin port's state-changing requests need {@code Authorization: Bearer <token>} ({@link AdminRequestGuard}).
 */
public class AdminSettings extends AdminFactory {
    @NotNull
    @JsonProperty
    private String token = "";

    public String token() {
        return token;
    }

    /** Never the token itself. */
    @Override
    public String toString() {
        return "AdminSettings{token=" + (token.isEmpty() ? "<none>" : "<set>") + ", " + super.toString() + "}";
    }
}
