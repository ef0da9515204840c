package io.ledgerlens;

import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shipped config.yml is valid on its defaults, and contradictory budgets are refused with a clear message. */
class ConfigurationTest {
    private final YamlConfigurationFactory<LedgerLensConfiguration> factory = new YamlConfigurationFactory<>(
            LedgerLensConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

    @TempDir
    Path dir;

    @Test
    void shippedConfigIsValidWithItsEmbeddedDefaults() throws Exception {
        final LedgerLensConfiguration config = factory.build(new SubstitutingSourceProvider(
                new FileConfigurationSourceProvider(), LedgerLensApplication.substitutor()), "config.yml");
        assertThat(config.shutdown().totalTimeout()).isEqualTo(Duration.ofSeconds(25));
        assertThat(config.httpGracePeriod()).isEqualTo(Duration.ofSeconds(8));
        assertThat(config.database().getUrl()).isEqualTo("jdbc:sqlite:./data/ledgerlens.db");
        assertThat(config.redis().url()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(config.shutdown().sumOfPhaseBudgets(config.httpGracePeriod()))
                .as("with defaults every phase gets its whole budget")
                .isLessThanOrEqualTo(config.shutdown().phaseWindow());
    }

    @Test
    void httpGraceLongerThanTheTotalIsRefused() {
        assertRefused("server:\n  shutdownGracePeriod: 40s\nshutdown:\n  totalTimeout: 30s\n",
                "server.shutdownGracePeriod (SHUTDOWN_GRACEFUL_TIMEOUT) must fit in shutdown.totalTimeout");
    }

    @Test
    void httpGraceExactlyFillingTheWindowIsAccepted() throws Exception {
        // window = total 30s - reserve 1s - signal 1s = 28s
        assertThat(build("server:\n  shutdownGracePeriod: 28s\nshutdown:\n  totalTimeout: 30s\n")
                .httpGracePeriod()).isEqualTo(Duration.ofSeconds(28));
        assertRefused("server:\n  shutdownGracePeriod: 28001ms\nshutdown:\n  totalTimeout: 30s\n",
                "must fit in shutdown.totalTimeout");
    }

    @Test
    void minWaitAboveMaxWaitIsRefused() {
        assertRefused("shutdown:\n  drain:\n    minWait: 6s\n    maxWait: 5s\n",
                "shutdown.drain: minWait must not exceed maxWait");
    }

    @Test
    void quietPeriodAboveMaxWaitIsRefused() {
        assertRefused("shutdown:\n  drain:\n    quietPeriod: 6s\n    maxWait: 5s\n",
                "quietPeriod must not exceed maxWait");
    }

    @Test
    void aPhaseBudgetAboveTheTotalIsRefused() {
        assertRefused("shutdown:\n  totalTimeout: 5s\n  backgroundTimeout: 4s\n",
                "shutdown.backgroundTimeout (SHUTDOWN_BACKGROUND_TIMEOUT) must fit in shutdown.totalTimeout");
    }

    @Test
    void aTooLongDrainMaxWaitIsNamedAloneNotWithEveryBudget() {
        final String message = refusal("shutdown:\n  totalTimeout: 20s\n  drain:\n    maxWait: 10m\n");
        assertThat(message).contains("shutdown.drain.maxWait (SHUTDOWN_DRAIN_MAX_WAIT) must fit in "
                + "shutdown.totalTimeout (SHUTDOWN_TOTAL_TIMEOUT)").doesNotContain("websocketTimeout")
                .doesNotContain("backgroundTimeout").doesNotContain("databaseTimeout");
    }

    @Test
    void aRedisUrlThatIsNotOneIsRefused() {
        assertRefused("redis:\n  url: http://example\n", "must be a redis:// or rediss:// URL");
    }

    @Test
    void dataSettingsHaveTheirDocumentedDefaults() throws Exception {
        final LedgerLensConfiguration config = factory.build(new SubstitutingSourceProvider(
                new FileConfigurationSourceProvider(), LedgerLensApplication.substitutor()), "config.yml");
        assertThat(config.source().type()).isEqualTo("simulated");
        assertThat(config.source().horizon().url()).isEqualTo("https://horizon-testnet.stellar.org");
        assertThat(config.ingest().startSequence()).isEmpty();
        assertThat(config.ingest().batchSize()).isEqualTo(10);
        assertThat(config.sync().pools().batch()).isEqualTo(200);
        assertThat(config.cache().enabled()).isTrue();
        assertThat(config.database().getProperties()).containsEntry("transaction_mode", "IMMEDIATE");
        assertThat(config.database().migrateOnStart()).isTrue();
        assertThat(config.database().getUser()).isEmpty();
    }

    @Test
    void aDatabaseUrlOfAnUnknownStoreIsRefused() {
        assertRefused("database:\n  url: jdbc:mysql://db/x\n", "must start with jdbc:sqlite: or jdbc:postgresql:");
    }

    @Test
    void badDataSettingsAreRefusedNamingTheRule() {
        assertRefused("source:\n  type: ftp\n", "must be 'simulated' or 'horizon'");
        assertRefused("source:\n  horizon:\n    url: ftp://x\n", "must be an http:// or https:// URL");
        assertRefused("ingest:\n  start: yesterday\n", "must be 'latest' or a ledger sequence >= 1");
        assertRefused("ingest:\n  start: \"0\"\n", "must be 'latest' or a ledger sequence >= 1");
        assertRefused("ingest:\n  batchSize: 201\n", "ingest.batchSize");
        assertRefused("sync:\n  pools:\n    batch: 201\n", "at most 200");
    }

    @Test
    void aTrailingSlashOnTheHorizonUrlIsDropped() throws Exception {
        assertThat(build("server:\n  shutdownGracePeriod: 5s\nsource:\n  horizon:\n    url: http://127.0.0.1:8000/\n")
                .source().horizon().url())
                .isEqualTo("http://127.0.0.1:8000");
    }

    @Test
    void websocketSettingsHaveTheirDocumentedDefaultsAndLimits() throws Exception {
        final LedgerLensConfiguration config = factory.build(new SubstitutingSourceProvider(
                new FileConfigurationSourceProvider(), LedgerLensApplication.substitutor()), "config.yml");
        assertThat(config.websocket().token()).as("no WEBSOCKET_TOKEN: no token required").isEmpty();
        assertThat(config.websocket().pingInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.websocket().pongTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.websocket().sendQueueLimit()).isEqualTo(256);
        assertThat(config.websocket().maxReplay()).isEqualTo(10_000);
        assertThat(config.websocket().maxMessageBytes()).isEqualTo(4096);
        assertThat(config.websocket().maxFrameBytes()).isEqualTo(65536);

        assertRefused("websocket:\n  maxMessageBytes: 65536\n",
                "websocket.maxMessageBytes must be below websocket.maxFrameBytes");
        assertThat(build("server:\n  shutdownGracePeriod: 5s\nwebsocket:\n  maxMessageBytes: 65535\n").websocket()
                .maxMessageBytes()).isEqualTo(65535);
        assertRefused("websocket:\n  sendQueueLimit: 0\n", "websocket.sendQueueLimit");
        assertRefused("websocket:\n  pollInterval: 0ms\n", "websocket.pollInterval");
    }

    @Test
    void authDefaultsToATokenAndRefusesAnUnknownModeAndTheOldKey() throws Exception {
        final LedgerLensConfiguration config = factory.build(new SubstitutingSourceProvider(
                new FileConfigurationSourceProvider(), LedgerLensApplication.substitutor()), "config.yml");
        assertThat(config.auth().disabled()).as("AUTH_MODE unset: token").isFalse();
        assertThat(config.auth().webhooksToken()).as("no WEBHOOKS_API_TOKEN: the token file").isEmpty();
        assertThat(config.auth().tokenFile()).as("no AUTH_TOKEN_FILE: next to the database").isEmpty();
        assertThat(config.websocket().authTimeout()).isEqualTo(Duration.ofSeconds(5));

        assertThat(build("server:\n  shutdownGracePeriod: 5s\nauth:\n  mode: disabled\n").auth().disabled()).isTrue();
        assertRefused("auth:\n  mode: none\n", "auth.mode must be token or disabled");
        assertRefused("websocket:\n  authTimeout: 10ms\n", "websocket.authTimeout");
        assertThatThrownBy(() -> build("webhooks:\n  apiToken: \"\"\n"))
                .hasMessageContaining("webhooks.apiToken")
                .hasMessageContaining("set auth.webhooksToken (WEBHOOKS_API_TOKEN) instead");
    }

    private LedgerLensConfiguration build(String yaml) throws Exception {
        final Path file = dir.resolve("config.yml");
        Files.writeString(file, "server:\n  type: default\n" + yaml.replaceFirst("^server:\n", ""));
        return factory.build(new FileConfigurationSourceProvider(), file.toString());
    }

    private String refusal(String yaml) {
        try {
            build(yaml);
        } catch (ConfigurationValidationException e) {
            return e.getMessage();
        } catch (Exception e) {
            throw new AssertionError("expected a validation error, got " + e, e);
        }
        throw new AssertionError("accepted: " + yaml);
    }

    private void assertRefused(String yaml, String message) {
        assertThatThrownBy(() -> build(yaml)).isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining(message);
    }
}
