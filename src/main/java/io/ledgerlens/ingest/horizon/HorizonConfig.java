package io.ledgerlens.ingest.horizon;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;

import java.util.concurrent.TimeUnit;

/** The {@code source.horizon:} block. */
public class HorizonConfig {
    @NotEmpty
    @Pattern(regexp = "https?://.+", message = "must be an http:// or https:// URL")
    @JsonProperty
    private String url = "https://horizon-testnet.stellar.org";

    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 60, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration connectTimeout = Duration.seconds(5);

    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 120, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration requestTimeout = Duration.seconds(15);

    @Min(1)
    @Max(20)
    @JsonProperty
    private int maxAttempts = 5;

    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration initialBackoff = Duration.milliseconds(250);

    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration maxBackoff = Duration.seconds(10);

    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration maxRetryAfter = Duration.seconds(30);

    public HorizonConfig() {
    }

    public HorizonConfig(String url, java.time.Duration connectTimeout, java.time.Duration requestTimeout,
                         int maxAttempts, java.time.Duration initialBackoff, java.time.Duration maxBackoff,
                         java.time.Duration maxRetryAfter) {
        this.url = url;
        this.connectTimeout = Duration.milliseconds(connectTimeout.toMillis());
        this.requestTimeout = Duration.milliseconds(requestTimeout.toMillis());
        this.maxAttempts = maxAttempts;
        this.initialBackoff = Duration.milliseconds(initialBackoff.toMillis());
        this.maxBackoff = Duration.milliseconds(maxBackoff.toMillis());
        this.maxRetryAfter = Duration.milliseconds(maxRetryAfter.toMillis());
    }

    public String url() {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public java.time.Duration connectTimeout() {
        return connectTimeout.toJavaDuration();
    }

    public java.time.Duration requestTimeout() {
        return requestTimeout.toJavaDuration();
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public java.time.Duration initialBackoff() {
        return initialBackoff.toJavaDuration();
    }

    public java.time.Duration maxBackoff() {
        return maxBackoff.toJavaDuration();
    }

    public java.time.Duration maxRetryAfter() {
        return maxRetryAfter.toJavaDuration();
    }
}
