package io.ledgerlens.webhooks;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The {@code webhooks:} block of config.yml: delivery pace, retries, timeouts and the target guard. */
public class WebhookConfig {
    @JsonProperty
    private boolean enabled = true;

    /** Off in production: loopback, private and link-local targets are refused (SSRF guard). */
    @JsonProperty
    private boolean allowPrivateTargets = false;

    /**
     * Ports a webhook may use on a public address besides 80 and 443 (SSRF guard). In YAML a list, or from the
     * environment a comma-separated string ({@code "8443,9443"}).
     */
    @NotNull
    private List<@Min(1) @Max(65535) Integer> allowedPorts = List.of();

    @Min(1)
    @Max(10_000)
    @JsonProperty
    private int maxSubscriptions = 100;

    @Min(1)
    @Max(100)
    @JsonProperty
    private int maxAttempts = 10;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration initialBackoff = Duration.seconds(5);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration maxBackoff = Duration.minutes(10);

    /** A receiver's {@code Retry-After} on 429/503 is honoured up to this. */
    @NotNull
    @JsonProperty
    private Duration maxRetryAfter = Duration.minutes(10);

    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration connectTimeout = Duration.seconds(3);

    /** The whole attempt, connect to last byte of the answer. */
    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration requestTimeout = Duration.seconds(10);

    /** Attempts in flight at once to one subscription. */
    @Min(1)
    @Max(256)
    @JsonProperty
    private int maxConcurrencyPerSubscription = 16;

    /** How often the dispatcher looks for new events and due retries when nothing wakes it earlier. */
    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration pollInterval = Duration.milliseconds(250);

    /** Events turned into deliveries per transaction. */
    @Min(1)
    @Max(10_000)
    @JsonProperty
    private int fanoutBatch = 500;

    /** Delivered rows older than this are deleted. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MINUTES)
    @JsonProperty
    private Duration deliveredRetention = Duration.days(7);

    /** Dead letters older than this (since they died, or were last retried) are deleted: there is no "forever". */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MINUTES)
    @MaxDuration(value = 365, unit = TimeUnit.DAYS)
    @JsonProperty
    private Duration deadLetterRetention = Duration.days(7);

    /** Fan-out pauses a subscription (reason backlog_cap) rather than give it more pending deliveries than this. */
    @Min(1)
    @Max(1_000_000)
    @JsonProperty
    private int maxPendingPerSubscription = 10_000;

    /** A subscription whose attempts have all failed for this long is disabled (reason failing). */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MINUTES)
    @MaxDuration(value = 365, unit = TimeUnit.DAYS)
    @JsonProperty
    private Duration disableFailingAfter = Duration.days(3);

    public java.time.Duration deliveredRetention() {
        return deliveredRetention.toJavaDuration();
    }

    public java.time.Duration deadLetterRetention() {
        return deadLetterRetention.toJavaDuration();
    }

    public int maxPendingPerSubscription() {
        return maxPendingPerSubscription;
    }

    public java.time.Duration disableFailingAfter() {
        return disableFailingAfter.toJavaDuration();
    }

    public boolean enabled() {
        return enabled;
    }

    /** The old place of the management token: refused, so that nobody believes a token set there is in force. */
    @JsonProperty("apiToken")
    void setApiToken(String ignored) {
        throw new IllegalArgumentException("webhooks.apiToken is no longer read: set auth.webhooksToken "
                + "(WEBHOOKS_API_TOKEN) instead, and remove webhooks.apiToken from the configuration file");
    }

    public boolean allowPrivateTargets() {
        return allowPrivateTargets;
    }

    public List<Integer> allowedPorts() {
        return allowedPorts;
    }

    @JsonProperty("allowedPorts")
    void setAllowedPorts(JsonNode ports) {
        final List<Integer> parsed = new ArrayList<>();
        if (ports == null || ports.isNull()) {
            allowedPorts = List.of();
            return;
        }
        final List<JsonNode> items = new ArrayList<>();
        if (ports.isArray()) {
            ports.forEach(items::add);
        } else {
            items.add(ports);
        }
        for (JsonNode item : items) {
            if (item.isInt()) {
                parsed.add(item.intValue());
            } else if (item.isTextual()) {
                for (String part : item.textValue().split(",")) {
                    if (!part.isBlank()) {
                        parsed.add(parsePort(part.strip()));
                    }
                }
            } else {
                throw new IllegalArgumentException("webhooks.allowedPorts must be port numbers, got " + item);
            }
        }
        allowedPorts = List.copyOf(parsed);
    }

    private static int parsePort(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("webhooks.allowedPorts must be port numbers separated by commas, got '"
                    + text + "'");
        }
    }

    public int maxSubscriptions() {
        return maxSubscriptions;
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

    public java.time.Duration connectTimeout() {
        return connectTimeout.toJavaDuration();
    }

    public java.time.Duration requestTimeout() {
        return requestTimeout.toJavaDuration();
    }

    public int maxConcurrencyPerSubscription() {
        return maxConcurrencyPerSubscription;
    }

    public java.time.Duration pollInterval() {
        return pollInterval.toJavaDuration();
    }

    public int fanoutBatch() {
        return fanoutBatch;
    }

    /** How long a claimed delivery stays leased: past it, another dispatcher may take it (a crashed run's claim). */
    @JsonIgnore
    public java.time.Duration leaseDuration() {
        return requestTimeout().plus(connectTimeout()).multipliedBy(2);
    }

    /**
     * Signing secrets are sealed with AES-256-GCM under this key when it is set: {@code <id>:<base64 of 32 bytes>}.
     * Write-only: never serialised back out of the configuration.
     */
    @NotNull
    @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
    private String secretsKey = "";

    /** Keys of earlier rotations, comma-separated, same form: they open what they sealed, and seal nothing. */
    @NotNull
    @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
    private String previousSecretsKeys = "";

    /** @throws IllegalArgumentException saying what is wrong with a key (never the key) */
    @JsonIgnore
    public SecretSealer secretSealer() {
        return SecretSealer.of(secretsKey, previousSecretsKeys);
    }

    @JsonIgnore
    @ValidationMethod(message = "webhooks.secretsKey and webhooks.previousSecretsKeys must each be <id>:<base64 of 32 "
            + "bytes> (the id 1 to 16 letters, digits, _ or -; openssl rand -base64 32), ids distinct, and previous "
            + "keys only with a current one")
    public boolean isSecretsKeyValid() {
        try {
            secretSealer();
            return true;
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    @JsonIgnore
    @ValidationMethod(message = "webhooks.maxBackoff must not be shorter than webhooks.initialBackoff")
    public boolean isBackoffOrdered() {
        return initialBackoff == null || maxBackoff == null
                || initialBackoff.toMilliseconds() <= maxBackoff.toMilliseconds();
    }
}
