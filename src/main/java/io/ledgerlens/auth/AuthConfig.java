package io.ledgerlens.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The {@code auth:} block of config.yml: who may manage webhooks. {@code mode: token} (the default) needs a bearer
 * token: {@code webhooksToken}, or, when that is empty, one kept in {@code tokenFile} (made at first start);
 * {@code mode: disabled} is for tests only.
 */
public class AuthConfig {
    public static final String TOKEN = "token";
    public static final String DISABLED = "disabled";

    @NotNull
    @Pattern(regexp = "token|disabled", message = "must be token or disabled")
    @JsonProperty
    private String mode = TOKEN;

    @NotNull
    @JsonProperty
    private String webhooksToken = "";

    /** Empty: {@code api-token} next to the SQLite database file. */
    @NotNull
    @JsonProperty
    private String tokenFile = "";

    public boolean disabled() {
        return DISABLED.equals(mode);
    }

    public String webhooksToken() {
        return webhooksToken.strip();
    }

    public String tokenFile() {
        return tokenFile.strip();
    }
}
