package io.ledgerlens.sync;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.util.concurrent.TimeUnit;

/** The {@code sync:} block: the corridor metrics, liquidity-pool and trustline jobs. */
public class SyncConfig {
    @Valid
    @NotNull
    @JsonProperty
    private Job corridors = new Job(Duration.seconds(2), 100, Duration.minutes(2));

    @Valid
    @NotNull
    @JsonProperty
    private Job pools = new Job(Duration.minutes(1), 200, Duration.minutes(10));

    @Valid
    @NotNull
    @JsonProperty
    private Job trustlines = new Job(Duration.minutes(5), 200, Duration.minutes(30));

    @JsonIgnore
    @ValidationMethod(message = "sync.pools.batch and sync.trustlines.batch are Horizon page sizes: at most 200")
    public boolean isPageSizeWithinHorizonLimit() {
        return pools.batch <= 200 && trustlines.batch <= 200;
    }

    public Job corridors() {
        return corridors;
    }

    public Job pools() {
        return pools;
    }

    public Job trustlines() {
        return trustlines;
    }

    /**
     * One job: the pause between runs, its batch (ledgers per corridor batch; records per page for pools and
     * assets, at most Horizon's 200), and how long without a success before its health check turns unhealthy.
     */
    public static class Job {
        @NotNull
        @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
        @JsonProperty
        private Duration interval;

        @Min(1)
        @Max(1000)
        @JsonProperty
        private int batch;

        @NotNull
        @MinDuration(value = 1, unit = TimeUnit.SECONDS)
        @JsonProperty
        private Duration maxSilence;

        public Job() {
            this(Duration.minutes(1), 200, Duration.minutes(10));
        }

        Job(Duration interval, int batch, Duration maxSilence) {
            this.interval = interval;
            this.batch = batch;
            this.maxSilence = maxSilence;
        }

        public java.time.Duration interval() {
            return interval.toJavaDuration();
        }

        public int batch() {
            return batch;
        }

        public java.time.Duration maxSilence() {
            return maxSilence.toJavaDuration();
        }
    }
}
