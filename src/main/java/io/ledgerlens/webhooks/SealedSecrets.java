package io.ledgerlens.webhooks;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.config.JdbiConfig;

import java.util.Objects;

/**
 * Which {@link SecretSealer} {@link Subscriptions} uses on a Jdbi: set once at start ({@link #install}), read from
 * the handle's configuration by every statement, so no caller has to pass it along. Unset: {@link SecretSealer#PLAIN}.
 */
public final class SealedSecrets implements JdbiConfig<SealedSecrets> {
    private SecretSealer sealer = SecretSealer.PLAIN;

    public SealedSecrets() {
    }

    private SealedSecrets(SealedSecrets other) {
        this.sealer = other.sealer;
    }

    public static void install(Jdbi jdbi, SecretSealer sealer) {
        jdbi.getConfig(SealedSecrets.class).sealer = Objects.requireNonNull(sealer, "sealer");
    }

    SecretSealer sealer() {
        return sealer;
    }

    @Override
    public SealedSecrets createCopy() {
        return new SealedSecrets(this);
    }
}
