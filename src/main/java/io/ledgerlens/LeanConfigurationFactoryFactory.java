package io.ledgerlens;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsonFormatVisitors.JsonFormatVisitorWrapper;
import com.fasterxml.jackson.datatype.guava.GuavaModule;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.paramnames.ParameterNamesModule;
import io.dropwizard.configuration.ConfigurationFactory;
import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.CaffeineModule;
import io.dropwizard.jackson.FuzzyEnumModule;
import io.dropwizard.jackson.GuavaExtrasModule;
import jakarta.validation.Validator;

import java.util.Properties;

/**
 * Reads the configuration file as Dropwizard's default factory does (same YAML parser, same errors, unknown keys
 * refused, {@code -Ddw.*} overrides), without two costs that every start paid for a file read once (about 0.2 s of
 * CPU on a 2-core machine; docs/benchmarks.md, "Start time"):
 * <ul>
 *   <li>Blackbird, which Dropwizard's mapper carries and which spins a class for each property it binds (76 for the
 *   {@code database} block alone). It pays off for API responses written many times, so the environment's mapper
 *   keeps it; this mapper has Dropwizard's other modules, naming strategy and subtype resolver.</li>
 *   <li>The walk of the whole configuration type that Dropwizard's factory makes when it is built, only to know
 *   which keys are lists when a {@code -Ddw.*} override is applied. Without such a system property the walk is
 *   skipped; with one, the factory is Dropwizard's own.</li>
 * </ul>
 */
final class LeanConfigurationFactoryFactory<T> extends DefaultConfigurationFactoryFactory<T> {

    @Override
    public ConfigurationFactory<T> create(Class<T> klass, Validator validator, ObjectMapper bootstrapMapper,
            String propertyPrefix) {
        return new YamlConfigurationFactory<>(klass, validator, configureObjectMapper(
                configurationMapper(bootstrapMapper, hasOverride(System.getProperties(), propertyPrefix))),
                propertyPrefix);
    }

    static ObjectMapper configurationMapper(ObjectMapper bootstrapMapper, boolean overrides) {
        return likeDropwizards(overrides ? new ObjectMapper() : new MapperWithoutSchemaWalk(), bootstrapMapper);
    }

    static boolean hasOverride(Properties properties, String propertyPrefix) {
        final String prefix = propertyPrefix.endsWith(".") ? propertyPrefix : propertyPrefix + '.';
        return properties.stringPropertyNames().stream().anyMatch(name -> name.startsWith(prefix));
    }

    /**
     * {@code io.dropwizard.jackson.Jackson.configure} without Blackbird; the subtype resolver (which knows the
     * server, connector and appender types) and the naming strategy are the bootstrap mapper's own.
     */
    private static ObjectMapper likeDropwizards(ObjectMapper mapper, ObjectMapper bootstrapMapper) {
        mapper.registerModule(new GuavaModule());
        mapper.registerModule(new GuavaExtrasModule());
        mapper.registerModule(new CaffeineModule());
        mapper.registerModule(new FuzzyEnumModule());
        mapper.registerModule(new ParameterNamesModule());
        mapper.registerModule(new Jdk8Module());
        mapper.registerModule(new JavaTimeModule());
        mapper.setPropertyNamingStrategy(bootstrapMapper.getPropertyNamingStrategy());
        mapper.setSubtypeResolver(bootstrapMapper.getSubtypeResolver());
        return mapper;
    }

    /**
     * Dropwizard's factory walks the configuration type with this method as it is built; the walk only serves
     * overrides, and this mapper is used only when there are none.
     */
    static final class MapperWithoutSchemaWalk extends ObjectMapper {
        private static final long serialVersionUID = 1L;

        MapperWithoutSchemaWalk() {
        }

        private MapperWithoutSchemaWalk(MapperWithoutSchemaWalk source) {
            super(source);
        }

        @Override
        public ObjectMapper copy() {
            _checkInvalidCopy(MapperWithoutSchemaWalk.class);
            return new MapperWithoutSchemaWalk(this);
        }

        @Override
        public void acceptJsonFormatVisitor(Class<?> type, JsonFormatVisitorWrapper visitor) {
        }

        @Override
        public void acceptJsonFormatVisitor(JavaType type, JsonFormatVisitorWrapper visitor) {
        }
    }
}
