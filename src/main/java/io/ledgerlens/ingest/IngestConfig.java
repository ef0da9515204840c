package io.ledgerlens.ingest;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/** The {@code ingest:} block: where ledger ingestion starts when nothing is stored, and its pace. */
public class IngestConfig {
    @NotNull
    @Pattern(regexp = "latest|[1-9][0-9]{0,17}", message = "must be 'latest' or a ledger sequence >= 1")
    @JsonProperty
    private String start = "latest";

    @Min(1)
    @Max(200)
    @JsonProperty
    private int batchSize = 10;

    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration pollInterval = Duration.seconds(1);

    @Min(1)
    @JsonProperty
    private long maxLagLedgers = 100;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration maxSilence = Duration.minutes(2);

    /** Empty for {@code latest}. */
    @JsonIgnore
    public OptionalLong startSequence() {
        return start.equals("latest") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(start));
    }

    public String start() {
        return start;
    }

    public int batchSize() {
        return batchSize;
    }

    public java.time.Duration pollInterval() {
        return pollInterval.toJavaDuration();
    }

    public long maxLagLedgers() {
        return maxLagLedgers;
    }

    public java.time.Duration maxSilence() {
        return maxSilence.toJavaDuration();
    }
}
