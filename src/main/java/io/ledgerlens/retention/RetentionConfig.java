package io.ledgerlens.retention;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.util.concurrent.TimeUnit;

/**
 * The {@code retention:} block: how long each kind of data is kept (a zero duration keeps it forever), how often
 * the retention job runs, how many rows one transaction deletes and the pause between two transactions.
 */
public class RetentionConfig {
    @JsonProperty
    private boolean enabled = true;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration interval = Duration.minutes(1);

    @Min(1)
    @Max(100_000)
    @JsonProperty
    private int batchSize = 1000;

    /** Between two delete transactions, so that ingestion's writes are never queued behind a long run of them. */
    @NotNull
    @MaxDuration(value = 10, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration pause = Duration.milliseconds(50);

    /** Ledgers and their payments, by the ledger's close time. */
    @NotNull
    @JsonProperty
    private Duration ledgers = Duration.days(3);

    /** Liquidity-pool and asset snapshots, by the time they were taken. */
    @NotNull
    @JsonProperty
    private Duration snapshots = Duration.days(7);

    /** Hourly corridor roll-ups, by their hour. The corridor totals are never deleted. */
    @NotNull
    @JsonProperty
    private Duration corridorHours = Duration.days(90);

    /** The event log, by creation time; never below what WebSocket resume and the webhook fan-out still need. */
    @NotNull
    @JsonProperty
    private Duration events = Duration.days(1);

    @JsonIgnore
    @ValidationMethod(message = "retention.ledgers, snapshots, corridorHours and events must each be 0 (keep "
            + "forever) or at least 1m")
    public boolean isEachKeptAtLeastAMinute() {
        for (Duration d : new Duration[] {ledgers, snapshots, corridorHours, events}) {
            if (d != null && d.toMilliseconds() != 0 && d.toMilliseconds() < 60_000) {
                return false;
            }
        }
        return true;
    }

    public boolean enabled() {
        return enabled;
    }

    public java.time.Duration interval() {
        return interval.toJavaDuration();
    }

    public int batchSize() {
        return batchSize;
    }

    public java.time.Duration pause() {
        return pause.toJavaDuration();
    }

    public java.time.Duration ledgers() {
        return ledgers.toJavaDuration();
    }

    public java.time.Duration snapshots() {
        return snapshots.toJavaDuration();
    }

    public java.time.Duration corridorHours() {
        return corridorHours.toJavaDuration();
    }

    public java.time.Duration events() {
        return events.toJavaDuration();
    }
}
