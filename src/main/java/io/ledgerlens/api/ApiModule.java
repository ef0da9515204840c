package io.ledgerlens.api;

import io.dropwizard.core.setup.Environment;
import io.ledgerlens.cache.ReadCache;
import jakarta.servlet.DispatcherType;
import io.ledgerlens.webhooks.SubscriptionRules;
import org.jdbi.v3.core.Jdbi;

import java.util.EnumSet;
import java.util.Optional;

/**
 * Registers the REST resources under {@code /api}: the Stellar reads, and webhooks when they are enabled (who may
 * call them is {@code io.ledgerlens.auth.AuthModule}'s business).
 */
public final class ApiModule {
    private ApiModule() {
    }

    public static void register(Environment environment, ApiConfig config, Jdbi jdbi, ReadCache cache,
                                Optional<SubscriptionRules> webhooks) {
        environment.servlets().addFilter("bounded-body", new BoundedBodyFilter(config.maxRequestBodyBytes(),
                        environment.getObjectMapper()))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
        final StellarReads reads = new StellarReads(jdbi);
        final CachedJson cached = new CachedJson(cache, environment.getObjectMapper());
        environment.jersey().register(new LedgersResource(reads, cached));
        environment.jersey().register(new CorridorsResource(reads, cached));
        environment.jersey().register(new PoolsResource(reads, cached));
        environment.jersey().register(new AssetsResource(reads, cached));
        webhooks.ifPresent(rules -> {
            environment.jersey().register(new WebhooksResource(rules));
            environment.jersey().register(new BoundedEntityFilter(config.maxRequestBodyBytes()));
            environment.jersey().register(new RefusedMapper());
        });
        environment.jersey().register(new StoreUnavailableMapper());
    }
}
