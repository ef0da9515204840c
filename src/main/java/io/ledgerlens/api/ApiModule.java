package io.ledgerlens.api;

import io.dropwizard.core.setup.Environment;
import io.ledgerlens.cache.ReadCache;
import io.ledgerlens.api.StellarReads;
import org.jdbi.v3.core.Jdbi;

/** Registers the read-only REST resources under {@code /api}. */
public final class ApiModule {
    private ApiModule() {
    }

    public static void register(Environment environment, Jdbi jdbi, ReadCache cache) {
        final StellarReads reads = new StellarReads(jdbi);
        final CachedJson cached = new CachedJson(cache, environment.getObjectMapper());
        environment.jersey().register(new LedgersResource(reads, cached));
        environment.jersey().register(new CorridorsResource(reads, cached));
        environment.jersey().register(new PoolsResource(reads, cached));
        environment.jersey().register(new AssetsResource(reads, cached));
        environment.jersey().register(new StoreUnavailableMapper());
    }
}
