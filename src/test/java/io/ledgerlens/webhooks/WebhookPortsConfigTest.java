package io.ledgerlens.webhooks;

import io.dropwizard.configuration.ConfigurationException;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code webhooks.allowedPorts}: empty by default, a YAML list or a comma-separated string, each 1..65535. */
class WebhookPortsConfigTest {
    private final YamlConfigurationFactory<LedgerLensConfiguration> factory = new YamlConfigurationFactory<>(
            LedgerLensConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

    @TempDir
    Path dir;

    @Test
    void theShippedConfigAllowsOnly80And443() throws Exception {
        final WebhookConfig config = factory.build(new SubstitutingSourceProvider(
                new FileConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)), "config.yml")
                .webhooks();
        assertThat(config.allowedPorts()).isEmpty();
        assertThat(build("").webhooks().allowedPorts()).isEmpty();
    }

    @Test
    void extraPortsComeAsAListOrAsTheEnvironmentsCommaSeparatedString() throws Exception {
        assertThat(build("webhooks:\n  allowedPorts: [8443, 9443]\n").webhooks().allowedPorts())
                .containsExactly(8443, 9443);
        assertThat(build("webhooks:\n  allowedPorts: \"8443, 9443\"\n").webhooks().allowedPorts())
                .containsExactly(8443, 9443);
        assertThat(build("webhooks:\n  allowedPorts: 8443\n").webhooks().allowedPorts()).containsExactly(8443);
        assertThat(build("webhooks:\n  allowedPorts: \"\"\n").webhooks().allowedPorts()).isEmpty();
    }

    @Test
    void portsOutsideTheRangeOrNotNumbersAreRefused() {
        assertThatThrownBy(() -> build("webhooks:\n  allowedPorts: [0]\n"))
                .isInstanceOf(ConfigurationValidationException.class).hasMessageContaining("webhooks.allowedPorts");
        assertThatThrownBy(() -> build("webhooks:\n  allowedPorts: \"8443,70000\"\n"))
                .isInstanceOf(ConfigurationValidationException.class).hasMessageContaining("webhooks.allowedPorts");
        assertThatThrownBy(() -> build("webhooks:\n  allowedPorts: \"8443;9443\"\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("webhooks.allowedPorts must be port numbers separated by commas");
    }

    private LedgerLensConfiguration build(String yaml) throws Exception {
        final Path file = dir.resolve("c.yml");
        Files.writeString(file, "server:\n  shutdownGracePeriod: 5s\n" + yaml);
        return factory.build(new FileConfigurationSourceProvider(), file.toString());
    }
}
