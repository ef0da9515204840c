package io.ledgerlens.ingest.simulated;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The {@code source.simulated:} block. Ledger {@code genesisSequence} closed at {@code genesisTime}; one more
 * closes every {@code pace}. Everything a ledger holds is a function of the seed and its sequence, so a test can
 * know what it will get and a restarted service sees the same network it left.
 */
public class SimulatedConfig {
    @JsonProperty
    private long seed = 42;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration pace = Duration.seconds(1);

    @NotNull
    @JsonProperty
    private Instant genesisTime = Instant.parse("2026-01-01T00:00:00Z");

    @Min(1)
    @JsonProperty
    private long genesisSequence = 1;

    @Min(0)
    @Max(1000)
    @JsonProperty
    private int maxPaymentsPerLedger = 20;

    @Min(1)
    @Max(10_000)
    @JsonProperty
    private int pools = 12;

    @Min(1)
    @Max(10_000)
    @JsonProperty
    private int assets = 16;

    public SimulatedConfig() {
    }

    public SimulatedConfig(long seed, java.time.Duration pace, Instant genesisTime, long genesisSequence,
                           int maxPaymentsPerLedger, int pools, int assets) {
        this.seed = seed;
        this.pace = Duration.milliseconds(pace.toMillis());
        this.genesisTime = genesisTime;
        this.genesisSequence = genesisSequence;
        this.maxPaymentsPerLedger = maxPaymentsPerLedger;
        this.pools = pools;
        this.assets = assets;
    }

    public long seed() {
        return seed;
    }

    public java.time.Duration pace() {
        return pace.toJavaDuration();
    }

    public Instant genesisTime() {
        return genesisTime;
    }

    public long genesisSequence() {
        return genesisSequence;
    }

    public int maxPaymentsPerLedger() {
        return maxPaymentsPerLedger;
    }

    public int pools() {
        return pools;
    }

    public int assets() {
        return assets;
    }
}
