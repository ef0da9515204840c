package io.ledgerlens.webhooks;

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

/** The outbox's bounds in {@code webhooks:}: the shipped defaults, and that none of them can be switched off. */
class WebhookBoundsConfigTest {
    private final YamlConfigurationFactory<LedgerLensConfiguration> factory = new YamlConfigurationFactory<>(
            LedgerLensConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

    @TempDir
    Path dir;

    @Test
    void shippedDefaultsMatchTheDocumentedOnes() throws Exception {
        final WebhookConfig shipped = factory.build(new SubstitutingSourceProvider(
                new FileConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)), "config.yml")
                .webhooks();
        assertThat(shipped.maxPendingPerSubscription()).isEqualTo(10_000);
        assertThat(shipped.disableFailingAfter()).isEqualTo(Duration.ofDays(3));
        assertThat(shipped.deadLetterRetention()).isEqualTo(Duration.ofDays(7));
        // A config.yml without them gets the same.
        final WebhookConfig bare = build("").webhooks();
        assertThat(bare.maxPendingPerSubscription()).isEqualTo(10_000);
        assertThat(bare.disableFailingAfter()).isEqualTo(Duration.ofDays(3));
        assertThat(bare.deadLetterRetention()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void boundsThatWouldLetTheOutboxGrowWithoutEndAreRefused() {
        assertRefused("webhooks:\n  deadLetterRetention: 0s\n", "webhooks.deadLetterRetention");
        assertRefused("webhooks:\n  deadLetterRetention: 400d\n", "webhooks.deadLetterRetention");
        assertRefused("webhooks:\n  maxPendingPerSubscription: 0\n", "webhooks.maxPendingPerSubscription");
        assertRefused("webhooks:\n  maxPendingPerSubscription: 2000000\n", "webhooks.maxPendingPerSubscription");
        assertRefused("webhooks:\n  disableFailingAfter: 0s\n", "webhooks.disableFailingAfter");
        assertRefused("webhooks:\n  disableFailingAfter: 400d\n", "webhooks.disableFailingAfter");
    }

    @Test
    void aSecretsKeyIsCheckedAtStartAndNeverWrittenBackOut() throws Exception {
        assertThat(build("").webhooks().secretSealer().encrypts()).as("no key: stored as they are").isFalse();
        final WebhookConfig keyed = build("webhooks:\n  secretsKey: \"" + SecretSealerTest.K1 + "\"\n").webhooks();
        assertThat(keyed.secretSealer().encrypts()).isTrue();
        assertThat(Jackson.newObjectMapper().writeValueAsString(keyed)).doesNotContain("secretsKey")
                .doesNotContain(SecretSealerTest.K1.substring(3));
        assertRefused("webhooks:\n  secretsKey: \"k1:c2hvcnQ=\"\n", "webhooks.secretsKey");
        assertRefused("webhooks:\n  previousSecretsKeys: \"" + SecretSealerTest.K1 + "\"\n", "webhooks.secretsKey");
    }

    private LedgerLensConfiguration build(String yaml) throws Exception {
        final Path file = dir.resolve("c.yml");
        Files.writeString(file, "server:\n  shutdownGracePeriod: 5s\n" + yaml);
        return factory.build(new FileConfigurationSourceProvider(), file.toString());
    }

    private void assertRefused(String yaml, String message) {
        assertThatThrownBy(() -> build(yaml)).isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining(message);
    }
}
