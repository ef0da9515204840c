package io.ledgerlens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.configuration.ConfigurationFactory;
import io.dropwizard.configuration.ConfigurationParsingException;
import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The start's configuration reader gives what Dropwizard's default reader gives, errors and overrides included. */
class LeanConfigurationFactoryFactoryTest {
    private final ObjectMapper bootstrapMapper = Jackson.newObjectMapper();
    private final Validator validator = Validators.newValidator();

    @Test
    void theApplicationReadsItsConfigurationThisWay() {
        final LedgerLensApplication application = new LedgerLensApplication();
        final Bootstrap<LedgerLensConfiguration> bootstrap = new Bootstrap<>(application);
        application.initialize(bootstrap);
        assertThat(bootstrap.getConfigurationFactoryFactory()).isInstanceOf(LeanConfigurationFactoryFactory.class);
    }

    @Test
    void theShippedConfigurationReadsTheSameAsWithDropwizardsFactory() throws Exception {
        final ConfigurationSourceProvider shipped = new SubstitutingSourceProvider(
                new FileConfigurationSourceProvider(), LedgerLensApplication.substitutor());
        assertThat(tree(lean().build(shipped, "config.yml")))
                .isEqualTo(tree(dropwizards().build(shipped, "config.yml")));
    }

    @Test
    void valuesOfEveryKindReadTheSameAsWithDropwizardsFactory() throws Exception {
        // Durations, sizes, a lower-case enum (Dropwizard's fuzzy enums), a map, nested blocks, a server type.
        final String yaml = """
                server:
                  type: default
                  shutdownGracePeriod: 7s
                  applicationConnectors:
                    - type: http
                      port: 0
                database:
                  url: jdbc:sqlite:/tmp/lean-config-test.db
                  properties:
                    busy_timeout: "1000"
                  maxWaitForConnection: 2s
                api:
                  maxRequestBody: 32KiB
                logging:
                  level: warn
                shutdown:
                  totalTimeout: 20s
                """;
        assertThat(tree(lean().build(text(yaml), "test.yml"))).isEqualTo(tree(dropwizards().build(text(yaml),
                "test.yml")));
    }

    @Test
    void anUnknownKeyIsRefusedWithDropwizardsMessageAndSuggestion() {
        assertThatThrownBy(() -> lean().build(text("shutdown:\n  totalTimeot: 20s\n"), "test.yml"))
                .isInstanceOf(ConfigurationParsingException.class)
                .hasMessageContaining("Unrecognized field at: shutdown.totalTimeot")
                .hasMessageContaining("Did you mean?")
                .hasMessageContaining("totalTimeout");
    }

    @Test
    void malformedYamlIsRefusedAsMalformed() {
        assertThatThrownBy(() -> lean().build(text("shutdown: [\n"), "test.yml"))
                .isInstanceOf(ConfigurationParsingException.class)
                .hasMessageContaining("Malformed YAML");
    }

    @Test
    void anOverrideOfAListKeyAbsentFromTheFileStillBecomesAList() throws Exception {
        // The one case that needs the walk of the configuration type the lean reader skips without overrides.
        final String key = "dw.server.allowedMethods";
        System.setProperty(key, "GET,HEAD");
        try {
            final LedgerLensConfiguration config = lean().build(text("server:\n  shutdownGracePeriod: 5s\n"), "t.yml");
            assertThat(((DefaultServerFactory) config.getServerFactory()).getAllowedMethods())
                    .containsExactlyInAnyOrder("GET", "HEAD");
        } finally {
            System.clearProperty(key);
        }
    }

    @Test
    void onlyAPropertyUnderThePrefixCountsAsAnOverride() {
        assertThat(LeanConfigurationFactoryFactory.hasOverride(properties("dw.server.type"), "dw")).isTrue();
        assertThat(LeanConfigurationFactoryFactory.hasOverride(properties("dw.server.type"), "dw.")).isTrue();
        assertThat(LeanConfigurationFactoryFactory.hasOverride(properties("dwx.server"), "dw")).isFalse();
        assertThat(LeanConfigurationFactoryFactory.hasOverride(properties("dw"), "dw")).isFalse();
        assertThat(LeanConfigurationFactoryFactory.hasOverride(new Properties(), "dw")).isFalse();
    }

    @Test
    void theMapperHasNoBlackbirdAndSkipsTheWalkOnlyWithoutOverrides() {
        assertThat(bootstrapMapper.getRegisteredModuleIds()).anySatisfy(id ->
                assertThat(id.toString()).contains("Blackbird"));
        final ObjectMapper withoutOverrides = LeanConfigurationFactoryFactory.configurationMapper(bootstrapMapper,
                false);
        assertThat(withoutOverrides.getRegisteredModuleIds()).noneSatisfy(id ->
                assertThat(id.toString()).contains("Blackbird"));
        assertThat(withoutOverrides).isInstanceOf(LeanConfigurationFactoryFactory.MapperWithoutSchemaWalk.class);
        assertThat(withoutOverrides.getSubtypeResolver()).isSameAs(bootstrapMapper.getSubtypeResolver());
        assertThat(withoutOverrides.copy()).isInstanceOf(LeanConfigurationFactoryFactory.MapperWithoutSchemaWalk.class);
        assertThat(LeanConfigurationFactoryFactory.configurationMapper(bootstrapMapper, true))
                .isNotInstanceOf(LeanConfigurationFactoryFactory.MapperWithoutSchemaWalk.class);
    }

    private ConfigurationFactory<LedgerLensConfiguration> lean() {
        return new LeanConfigurationFactoryFactory<LedgerLensConfiguration>()
                .create(LedgerLensConfiguration.class, validator, bootstrapMapper, "dw");
    }

    private ConfigurationFactory<LedgerLensConfiguration> dropwizards() {
        return new DefaultConfigurationFactoryFactory<LedgerLensConfiguration>()
                .create(LedgerLensConfiguration.class, validator, bootstrapMapper, "dw");
    }

    private JsonNode tree(LedgerLensConfiguration config) {
        return bootstrapMapper.valueToTree(config);
    }

    private static ConfigurationSourceProvider text(String yaml) {
        return path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static Properties properties(String name) {
        final Properties properties = new Properties();
        properties.setProperty(name, "x");
        return properties;
    }
}
