package io.ledgerlens.api;

import io.dropwizard.core.setup.Environment;
import io.ledgerlens.cache.ReadCache;
import io.ledgerlens.webhooks.SubscriptionRules;
import org.jdbi.v3.core.Jdbi;

import java.util.Optional;

/** Registers the REST resources under {@code /api}: the Stellar reads, and webhooks when they are enabled. */
public final class ApiModule {
    private ApiModule() {
    }

    public static void register(Environment environment, Jdbi jdbi, ReadCache cache,
                                Optional<SubscriptionRules> webhooks, String webhooksApiToken) {
        final StellarReads reads = new StellarReads(jdbi);
        final CachedJson cached = new CachedJson(cache, environment.getObjectMapper());
        environment.jersey().register(new LedgersResource(reads, cached));
        environment.jersey().register(new CorridorsResource(reads, cached));
        environment.jersey().register(new PoolsResource(reads, cached));
        environment.jersey().register(new AssetsResource(reads, cached));
        webhooks.ifPresent(rules -> {
            environment.jersey().register(new WebhooksResource(rules, webhooksApiToken));
            environment.jersey().register(new RefusedMapper());
        });
        environment.jersey().register(new StoreUnavailableMapper());
    }
}
