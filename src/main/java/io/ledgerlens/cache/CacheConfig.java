package io.ledgerlens.cache;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;

import java.util.concurrent.TimeUnit;

/**
 * The {@code cache:} block: read-through caching of the REST API in Redis, with an in-process copy of hot bodies in
 * front of it. Mutable kinds are also invalidated by the jobs after every commit; their TTL bounds how stale an
 * entry can be when an invalidation is lost.
 */
public class CacheConfig {
    @JsonProperty
    private boolean enabled = true;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration immutableTtl = Duration.hours(1);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration ledgersTtl = Duration.seconds(5);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration corridorsTtl = Duration.seconds(30);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration poolsTtl = Duration.seconds(30);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration assetsTtl = Duration.seconds(60);

    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration skipAfterError = Duration.seconds(1);

    /** In-process copy of hot bodies in front of Redis; 0 turns it off. */
    @NotNull
    @JsonProperty
    private DataSize localMaxSize = DataSize.mebibytes(32);

    /** How long an in-process copy is kept at most (and never longer than its kind's TTL); 0 turns it off. */
    @NotNull
    @JsonProperty
    private Duration localTtl = Duration.seconds(5);

    public boolean enabled() {
        return enabled;
    }

    public java.time.Duration ttl(CacheKind kind) {
        return switch (kind) {
            case LEDGER -> immutableTtl.toJavaDuration();
            case LEDGERS -> ledgersTtl.toJavaDuration();
            case CORRIDORS -> corridorsTtl.toJavaDuration();
            case POOLS -> poolsTtl.toJavaDuration();
            case ASSETS -> assetsTtl.toJavaDuration();
        };
    }

    public long localMaxBytes() {
        return localMaxSize.toBytes();
    }

    public java.time.Duration localTtl() {
        return localTtl.toJavaDuration();
    }

    public java.time.Duration skipAfterError() {
        return skipAfterError.toJavaDuration();
    }
}
