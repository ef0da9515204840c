package io.ledgerlens.lifecycle;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.util.concurrent.TimeUnit;

/**
 * The {@code shutdown:} block of config.yml. The HTTP phase's budget is Dropwizard's own
 * {@code server.shutdownGracePeriod}; the application checks it against {@link #totalTimeout} at start.
 */
public class ShutdownConfig {
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration totalTimeout = Duration.seconds(25);

    @Valid
    @NotNull
    @JsonProperty
    private DrainConfig drain = new DrainConfig();

    @NotNull
    @MinDuration(value = 0, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration websocketTimeout = Duration.seconds(2);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration backgroundTimeout = Duration.seconds(4);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration redisTimeout = Duration.seconds(1);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration databaseTimeout = Duration.seconds(2);

    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration reportReserve = Duration.seconds(1);

    /**
     * Where a shutdown report is kept until the store has it (a file per run, deleted once saved; saved at the next
     * start when the store was unreachable at shutdown).
     */
    @NotBlank
    @JsonProperty
    private String pendingReportsDir = "./data/pending-shutdown-reports";

    public static class DrainConfig {
        @NotNull
        @MinDuration(value = 0, unit = TimeUnit.MILLISECONDS)
        @JsonProperty
        private Duration minWait = Duration.seconds(0);

        @NotNull
        @MinDuration(value = 0, unit = TimeUnit.MILLISECONDS)
        @JsonProperty
        private Duration quietPeriod = Duration.seconds(1);

        @NotNull
        @MinDuration(value = 0, unit = TimeUnit.MILLISECONDS)
        @JsonProperty
        private Duration maxWait = Duration.seconds(5);

        public java.time.Duration minWait() {
            return minWait.toJavaDuration();
        }

        public java.time.Duration quietPeriod() {
            return quietPeriod.toJavaDuration();
        }

        public java.time.Duration maxWait() {
            return maxWait.toJavaDuration();
        }

        @JsonIgnore
        @ValidationMethod(message = "shutdown.drain: minWait must not exceed maxWait")
        public boolean isMinWaitWithinMaxWait() {
            return minWait == null || maxWait == null || minWait().compareTo(maxWait()) <= 0;
        }

        @JsonIgnore
        @ValidationMethod(message = "shutdown.drain: quietPeriod must not exceed maxWait (a quiet period longer "
                + "than the longest drain could never be observed)")
        public boolean isQuietPeriodWithinMaxWait() {
            return quietPeriod == null || maxWait == null || quietPeriod().compareTo(maxWait()) <= 0;
        }
    }

    public java.time.Duration totalTimeout() {
        return totalTimeout.toJavaDuration();
    }

    public DrainConfig drain() {
        return drain;
    }

    public java.time.Duration websocketTimeout() {
        return websocketTimeout.toJavaDuration();
    }

    public java.time.Duration backgroundTimeout() {
        return backgroundTimeout.toJavaDuration();
    }

    public java.time.Duration redisTimeout() {
        return redisTimeout.toJavaDuration();
    }

    public java.time.Duration databaseTimeout() {
        return databaseTimeout.toJavaDuration();
    }

    public java.time.Duration reportReserve() {
        return reportReserve.toJavaDuration();
    }

    public java.nio.file.Path pendingReportsDir() {
        return java.nio.file.Path.of(pendingReportsDir);
    }

    /** What the phases between signal and report may use together. */
    @JsonIgnore
    public java.time.Duration phaseWindow() {
        return totalTimeout().minus(reportReserve()).minus(ShutdownCoordinator.SIGNAL_BUDGET);
    }

    private static final String FIT = " must fit in shutdown.totalTimeout (SHUTDOWN_TOTAL_TIMEOUT) minus reportReserve "
            + "minus the 1s signal phase";

    @JsonIgnore
    @ValidationMethod(message = "shutdown.totalTimeout (SHUTDOWN_TOTAL_TIMEOUT) must be longer than reportReserve "
            + "plus the 1s signal phase")
    public boolean isTotalLongerThanItsReserves() {
        return totalTimeout == null || reportReserve == null || !phaseWindow().isNegative();
    }

    @JsonIgnore
    @ValidationMethod(message = "shutdown.drain.maxWait (SHUTDOWN_DRAIN_MAX_WAIT)" + FIT)
    public boolean isDrainMaxWaitWithinTotal() {
        return fits(drain == null ? null : drain.maxWait);
    }

    @JsonIgnore
    @ValidationMethod(message = "shutdown.websocketTimeout (SHUTDOWN_WEBSOCKET_TIMEOUT)" + FIT)
    public boolean isWebsocketTimeoutWithinTotal() {
        return fits(websocketTimeout);
    }

    @JsonIgnore
    @ValidationMethod(message = "shutdown.backgroundTimeout (SHUTDOWN_BACKGROUND_TIMEOUT)" + FIT)
    public boolean isBackgroundTimeoutWithinTotal() {
        return fits(backgroundTimeout);
    }

    @JsonIgnore
    @ValidationMethod(message = "shutdown.redisTimeout (SHUTDOWN_REDIS_TIMEOUT)" + FIT)
    public boolean isRedisTimeoutWithinTotal() {
        return fits(redisTimeout);
    }

    @JsonIgnore
    @ValidationMethod(message = "shutdown.databaseTimeout (SHUTDOWN_DB_TIMEOUT)" + FIT)
    public boolean isDatabaseTimeoutWithinTotal() {
        return fits(databaseTimeout);
    }

    private boolean fits(io.dropwizard.util.Duration budget) {
        return budget == null || totalTimeout == null || reportReserve == null
                || budget.toJavaDuration().compareTo(phaseWindow()) <= 0;
    }

    /** Sum of the phase budgets, HTTP's included; above {@link #phaseWindow()} late phases may be cut short. */
    public java.time.Duration sumOfPhaseBudgets(java.time.Duration http) {
        return drain.maxWait().plus(websocketTimeout()).plus(http).plus(backgroundTimeout())
                .plus(redisTimeout()).plus(databaseTimeout());
    }
}
