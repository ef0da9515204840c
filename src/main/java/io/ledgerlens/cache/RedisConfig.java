package io.ledgerlens.cache;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.util.concurrent.TimeUnit;

/** The {@code redis:} block of config.yml. */
public class RedisConfig {
    @NotEmpty
    @Pattern(regexp = "rediss?://.+", message = "must be a redis:// or rediss:// URL")
    @JsonProperty
    private String url = "redis://127.0.0.1:6379";

    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 30, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration connectTimeout = Duration.milliseconds(500);

    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 30, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration socketTimeout = Duration.milliseconds(500);

    @Min(1)
    @Max(512)
    @JsonProperty
    private int maxConnections = 16;

    @Min(1)
    @Max(1_000_000)
    @JsonProperty
    private int pendingWriteLimit = 10_000;

    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration checkInterval = Duration.seconds(5);

    public String url() {
        return url;
    }

    /** {@link #url()} as it may be logged or shown: user and password replaced by {@code ***}. */
    public String redactedUrl() {
        return redact(url);
    }

    static String redact(String url) {
        return url == null ? null : url.replaceAll("//[^/@?#]*@", "//***@");
    }

    public java.time.Duration connectTimeout() {
        return connectTimeout.toJavaDuration();
    }

    public java.time.Duration socketTimeout() {
        return socketTimeout.toJavaDuration();
    }

    public int maxConnections() {
        return maxConnections;
    }

    public int pendingWriteLimit() {
        return pendingWriteLimit;
    }

    public java.time.Duration checkInterval() {
        return checkInterval.toJavaDuration();
    }
}
