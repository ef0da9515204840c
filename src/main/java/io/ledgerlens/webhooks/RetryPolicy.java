package io.ledgerlens.webhooks;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.ledgerlens.retry.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * What an attempt's result makes of a delivery: delivered on any 2xx; otherwise retried after an exponential
 * backoff with full jitter (or the receiver's {@code Retry-After} on 429 and 503, capped), or a dead letter once
 * {@code maxAttempts} attempts have failed.
 */
final class RetryPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);

    private final int maxAttempts;
    private final Backoff backoff;
    private final Clock clock;
    private final Meter delivered;
    private final Meter failedAttempts;
    private final Meter deadLetters;

    RetryPolicy(WebhookConfig config, Clock clock, MetricRegistry metrics) {
        this.maxAttempts = config.maxAttempts();
        this.backoff = new Backoff(config.initialBackoff(), config.maxBackoff(), config.maxRetryAfter(),
                Math::random, clock);
        this.clock = clock;
        this.delivered = metrics.meter("webhooks.delivered");
        this.failedAttempts = metrics.meter("webhooks.failed_attempts");
        this.deadLetters = metrics.meter("webhooks.dead_letters");
    }

    Deliveries.Outcome outcome(Deliveries.Due due, WebhookSender.Result result) {
        final long now = clock.millis();
        if (result.delivered()) {
            delivered.mark();
            return new Deliveries.Outcome(due.id(), true, false, now, result.status(), null);
        }
        failedAttempts.mark();
        final int attempts = due.attempts() + 1;
        final Integer status = result.status() == 0 ? null : result.status();
        final String error = result.error() != null ? result.error() : "HTTP " + result.status();
        if (attempts >= maxAttempts) {
            deadLetters.mark();
            LOG.warn("webhook delivery {} is a dead letter after {} attempts; last: {}", due.id(), attempts, error);
            return new Deliveries.Outcome(due.id(), false, true, now, status, error);
        }
        Duration wait = backoff.after(attempts - 1);
        if (result.status() == 429 || result.status() == 503) {
            wait = backoff.retryAfter(result.retryAfter()).filter(w -> w.compareTo(Duration.ZERO) > 0).orElse(wait);
        }
        return new Deliveries.Outcome(due.id(), false, false, now + wait.toMillis(), status, error);
    }
}
