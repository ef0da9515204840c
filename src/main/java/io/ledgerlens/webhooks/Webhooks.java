package io.ledgerlens.webhooks;

import com.codahale.metrics.CachedGauge;
import com.codahale.metrics.MetricRegistry;
import io.dropwizard.core.setup.Environment;
import io.ledgerlens.events.CommitListeners;
import io.ledgerlens.db.Database;
import io.ledgerlens.lifecycle.BackgroundJobs;
import io.ledgerlens.lifecycle.PhaseStep;
import io.ledgerlens.lifecycle.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.concurrent.TimeUnit;

/** Puts the webhook dispatcher among the background jobs, with its metrics. */
public final class Webhooks {
    private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);
    public static final String JOB = "webhooks-dispatch";

    private Webhooks() {
    }

    /** @return the dispatcher, or nothing when {@code webhooks.enabled} is false */
    public static Optional<WebhookDispatcher> register(WebhookConfig config, TargetGuard guard, BackgroundJobs jobs,
                                             Database database, Database singletonDatabase, BooleanSupplier leads,
                                             CommitListeners commits, String runId, Duration stopBudget,
                                             Environment environment, Clock clock, Ticker ticker) {
        if (!config.enabled()) {
            LOG.info("webhooks disabled (webhooks.enabled: false): no dispatcher, no /api/webhooks");
            return Optional.empty();
        }
        sealSecrets(config.secretSealer(), database, singletonDatabase);
        if (config.allowPrivateTargets()) {
            LOG.warn("webhooks.allowPrivateTargets is true: webhooks may call loopback and private addresses");
        }
        final MetricRegistry metrics = environment.metrics();
        final WebhookDispatcher dispatcher = new WebhookDispatcher(database, singletonDatabase, leads, config, guard,
                environment.getObjectMapper(), runId, stopBudget, clock, ticker, metrics);
        jobs.register(JOB, config.pollInterval(), stopBudget, dispatcher);
        commits.add(dispatcher::wake);
        final CachedGauge<Map<String, Long>> counts = new CachedGauge<>(2, TimeUnit.SECONDS) {
            @Override
            protected Map<String, Long> loadValue() {
                return database.jdbi().withHandle(h -> Deliveries.counts(h, null, clock.millis()));
            }
        };
        metrics.gauge("webhooks.pending", () -> () -> counts.getValue().get("pending"));
        metrics.gauge("webhooks.dead", () -> () -> counts.getValue().get(Deliveries.DEAD));
        final CachedGauge<Map<String, Long>> paused = new CachedGauge<>(2, TimeUnit.SECONDS) {
            @Override
            protected Map<String, Long> loadValue() {
                return database.jdbi().withHandle(Subscriptions::pausedByReason);
            }
        };
        metrics.gauge("webhooks.paused", () -> () -> paused.getValue().values().stream()
                .mapToLong(Long::longValue).sum());
        for (String reason : java.util.List.of(Subscription.MANUAL, Subscription.BACKLOG_CAP, Subscription.FAILING)) {
            metrics.gauge("webhooks.paused." + reason, () -> () -> paused.getValue().getOrDefault(reason, 0L));
        }
        return Optional.of(dispatcher);
    }

    /**
     * Every statement on these stores seals and opens signing secrets with {@code sealer}; secrets stored plain or
     * under an older key are sealed anew now, so that a rotation is complete once every instance has started with
     * the new key. A secret that opens with none of the keys stops the start: signing with it is impossible.
     */
    static void sealSecrets(SecretSealer sealer, Database database, Database singletonDatabase) {
        SealedSecrets.install(database.jdbi(), sealer);
        SealedSecrets.install(singletonDatabase.jdbi(), sealer);
        if (!sealer.encrypts()) {
            LOG.info("webhook signing secrets are stored unencrypted: webhooks.secretsKey (WEBHOOKS_SECRETS_KEY) is "
                    + "not set");
            return;
        }
        final int resealed = database.jdbi().inTransaction(Subscriptions::reseal);
        LOG.info("webhook signing secrets sealed with AES-256-GCM; {} sealed anew with the current key now", resealed);
    }

    /** Adds to the background phase's result how many deliveries are left for the next start. */
    public static PhaseStep.Result withPendingCount(PhaseStep.Result result, Database database) {
        try {
            return result.with("webhooksPending", database.jdbi().withHandle(Deliveries::pendingCount));
        } catch (RuntimeException e) {
            LOG.warn("could not count pending webhook deliveries at stop", e);
            return result;
        }
    }
}
