package io.ledgerlens.ws;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.util.concurrent.TimeUnit;

/** The {@code websocket:} block of config.yml; docs/configuration.md describes each key. */
public class WebSocketConfig {
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration idleTimeout = Duration.minutes(5);

    /** Sent to clients in {@code server_shutdown}: how long to wait before reconnecting. */
    @NotNull
    @MinDuration(value = 0, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration reconnectAfter = Duration.seconds(1);

    /** Empty or absent: no token required. */
    @JsonProperty
    private String token = "";

    /** With a token set, a client that sent none at the upgrade must send it as its first message within this. */
    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 1, unit = TimeUnit.MINUTES)
    @JsonProperty
    private Duration authTimeout = Duration.seconds(5);

    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 5, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration pollInterval = Duration.milliseconds(200);

    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration pingInterval = Duration.seconds(30);

    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration pongTimeout = Duration.seconds(10);

    @Min(1)
    @Max(100_000)
    @JsonProperty
    private int sendQueueLimit = 256;

    @Min(0)
    @JsonProperty
    private long maxReplay = 10_000;

    @Min(64)
    @JsonProperty
    private int maxMessageBytes = 4096;

    @Min(1024)
    @Max(16 * 1024 * 1024)
    @JsonProperty
    private int maxFrameBytes = 65536;

    /** Channels one connection may hold; a subscribe past it gets {@code too_many_channels} and close 1008. */
    @Min(1)
    @Max(10_000)
    @JsonProperty
    private int maxChannelsPerConnection = 100;

    /** Subscribe and unsubscribe requests of one connection waiting for the dispatcher; past it: close 1008. */
    @Min(1)
    @Max(1_000)
    @JsonProperty
    private int maxQueuedRequests = 16;

    public int maxChannelsPerConnection() {
        return maxChannelsPerConnection;
    }

    public int maxQueuedRequests() {
        return maxQueuedRequests;
    }

    @ValidationMethod(message = "websocket.maxMessageBytes must be below websocket.maxFrameBytes")
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isMessageLimitBelowFrameLimit() {
        return maxMessageBytes < maxFrameBytes;
    }

    public java.time.Duration idleTimeout() {
        return idleTimeout.toJavaDuration();
    }

    public java.time.Duration reconnectAfter() {
        return reconnectAfter.toJavaDuration();
    }

    public String token() {
        return token == null ? "" : token;
    }

    public java.time.Duration authTimeout() {
        return authTimeout.toJavaDuration();
    }

    public java.time.Duration pollInterval() {
        return pollInterval.toJavaDuration();
    }

    public java.time.Duration pingInterval() {
        return pingInterval.toJavaDuration();
    }

    public java.time.Duration pongTimeout() {
        return pongTimeout.toJavaDuration();
    }

    public int sendQueueLimit() {
        return sendQueueLimit;
    }

    public long maxReplay() {
        return maxReplay;
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }
}
