package io.ledgerlens.retention;

import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.ledgerlens.LedgerLensConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code retention:} block: the shipped defaults, zero as "keep forever", and the limits. */
class RetentionConfigTest {
    private final YamlConfigurationFactory<LedgerLensConfiguration> factory = new YamlConfigurationFactory<>(
            LedgerLensConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

    @TempDir
    Path dir;

    @Test
    void shippedDefaultsMatchTheDocumentedOnes() throws Exception {
        final RetentionConfig config = factory.build(new SubstitutingSourceProvider(
                new FileConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)), "config.yml")
                .retention();
        assertThat(config.enabled()).isTrue();
        assertThat(config.interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.batchSize()).isEqualTo(1000);
        assertThat(config.pause()).isEqualTo(Duration.ofMillis(50));
        assertThat(config.ledgers()).isEqualTo(Duration.ofDays(3));
        assertThat(config.events()).isEqualTo(Duration.ofDays(1));
        assertThat(config.snapshots()).isEqualTo(Duration.ofDays(7));
        assertThat(config.corridorHours()).isEqualTo(Duration.ofDays(90));
        // The class's own defaults are the same, for a config.yml without the block.
        final RetentionConfig bare = build("server:\n  shutdownGracePeriod: 5s\n").retention();
        assertThat(bare.ledgers()).isEqualTo(config.ledgers());
        assertThat(bare.events()).isEqualTo(config.events());
    }

    @Test
    void zeroKeepsAKindForever() throws Exception {
        final RetentionConfig config = build("server:\n  shutdownGracePeriod: 5s\nretention:\n  ledgers: 0s\n"
                + "  events: 0d\n").retention();
        assertThat(config.ledgers()).isZero();
        assertThat(config.events()).isZero();
        assertThat(Retention.rules(config, 10, true)).filteredOn(r -> r.keep().isZero()).hasSize(2);
    }

    @Test
    void aRetentionBelowAMinuteIsRefused() {
        assertRefused("retention:\n  events: 30s\n", "must each be 0 (keep forever) or at least 1m");
    }

    @Test
    void aBatchOrPauseOutsideItsLimitsIsRefused() {
        assertRefused("retention:\n  batchSize: 0\n", "retention.batchSize");
        assertRefused("retention:\n  pause: 11s\n", "retention.pause");
        assertRefused("retention:\n  interval: 500ms\n", "retention.interval");
    }

    private LedgerLensConfiguration build(String yaml) throws Exception {
        final Path file = dir.resolve("c.yml");
        Files.writeString(file, yaml);
        return factory.build(new FileConfigurationSourceProvider(), file.toString());
    }

    private void assertRefused(String yaml, String message) {
        assertThatThrownBy(() -> build("server:\n  shutdownGracePeriod: 5s\n" + yaml))
                .isInstanceOf(ConfigurationValidationException.class).hasMessageContaining(message);
    }
}
