package io.ledgerlens.ws;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;

import java.util.concurrent.TimeUnit;

/** The {@code websocket:} block of config.yml. */
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

    public java.time.Duration idleTimeout() {
        return idleTimeout.toJavaDuration();
    }

    public java.time.Duration reconnectAfter() {
        return reconnectAfter.toJavaDuration();
    }
}
