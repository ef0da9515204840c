package io.ledgerlens.retry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before the next attempt: exponential backoff with full jitter (a uniformly random wait up to
 * {@code min(max, initial * 2^retry)}, so that many clients that failed together do not retry together), or what
 * the server asked for in {@code Retry-After}, capped.
 */
public final class Backoff {
    private final Duration initial;
    private final Duration max;
    private final Duration maxRetryAfter;
    private final DoubleSupplier random;
    private final Clock clock;

    public Backoff(Duration initial, Duration max, Duration maxRetryAfter, DoubleSupplier random, Clock clock) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initial = initial;
        this.max = max;
        this.maxRetryAfter = maxRetryAfter;
        this.random = random;
        this.clock = clock;
    }

    /** @param retry 0 for the wait after the first failure */
    public Duration after(int retry) {
        final long ceiling = retry >= 30 ? max.toMillis()
                : Math.min(max.toMillis(), initial.toMillis() * (1L << retry));
        return Duration.ofMillis((long) (random.getAsDouble() * ceiling));
    }

    /** The wait a {@code Retry-After} header asks for (delta-seconds or an HTTP date), capped; empty if unusable. */
    public Optional<Duration> retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(header.strip()));
        } catch (NumberFormatException notSeconds) {
            try {
                final Instant at = ZonedDateTime.parse(header.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                wait = Duration.between(clock.instant(), at);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
        if (wait.isNegative()) {
            wait = Duration.ZERO;
        }
        return Optional.of(wait.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : wait);
    }
}
