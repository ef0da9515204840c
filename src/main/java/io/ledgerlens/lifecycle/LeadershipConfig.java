package io.ledgerlens.lifecycle;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.NotNull;

import java.util.concurrent.TimeUnit;

/** The {@code leadership:} block: the lease behind the work one instance does at a time. */
public class LeadershipConfig {
    /** How long a holder that stopped renewing (killed, paused, cut off) keeps the lease: the takeover bound. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @MaxDuration(value = 5, unit = TimeUnit.MINUTES)
    @JsonProperty
    private Duration ttl = Duration.seconds(10);

    /** How often an instance that does not lead looks for a free lease: the bound on a handover after release. */
    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration followerPoll = Duration.milliseconds(250);

    public java.time.Duration ttl() {
        return ttl.toJavaDuration();
    }

    public java.time.Duration followerPoll() {
        return followerPoll.toJavaDuration();
    }

    @JsonIgnore
    @ValidationMethod(message = "leadership.followerPoll must be shorter than leadership.ttl")
    public boolean isPollShorterThanTtl() {
        return ttl == null || followerPoll == null || followerPoll.toNanoseconds() < ttl.toNanoseconds();
    }
}
