package io.ledgerlens.webhooks;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlens.db.Database;
import io.ledgerlens.db.FencedOutException;
import io.ledgerlens.lifecycle.JobUnit;
import io.ledgerlens.lifecycle.Ticker;
import org.eclipse.jetty.client.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Delivers the outbox, as one long-running background job on every instance. Each turn it records the attempts that
 * finished, fans out new events (on the lease holder only), and claims (leases) due deliveries up to each subscription's free slots, then sends them
 * asynchronously; outcomes and the writes of one turn share a transaction. It wakes on a finished attempt, on a
 * commit hint, or every {@code pollInterval}.
 *
 * <p>At stop it claims nothing more, lets the attempts in flight finish until its budget is nearly spent, records
 * them, then aborts the rest and releases their leases so the next start sends them at once. Interrupted (the
 * phase ran out first), it does the same without waiting. A run killed outright leaves leases that the next start
 * releases ({@link Deliveries#releaseOthers}).
 */
public final class WebhookDispatcher implements JobUnit {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final Object WAKE = new Object();

    private final Database database;
    private final BooleanSupplier leads;
    private final WebhookConfig config;
    private final Fanout fanout;
    private final OutboxBounds bounds;
    private final WebhookSender sender;
    private final RetryPolicy retries;
    private final DeliveryPruner pruner;
    private final String owner;
    private final Duration stopBudget;
    private final Clock clock;
    private final Ticker ticker;
    private final BlockingQueue<Object> signals = new LinkedBlockingQueue<>();
    private final Map<String, InFlight> inFlight = new LinkedHashMap<>();
    private final Map<String, Integer> inFlightBySubscription = new HashMap<>();
    private final Timer latency;
    private boolean started;

    private record InFlight(Deliveries.Due due, Request request, long startNanos) {
    }

    private record Finished(String id, WebhookSender.Result result) {
    }

    /**
     * @param owner      this run's id: the lease owner written on claimed deliveries
     * @param stopBudget the background phase's per-job budget; the dispatcher keeps a part of it to release
     */
    public WebhookDispatcher(Database database, Database singletonDatabase, BooleanSupplier leads,
                             WebhookConfig config, TargetGuard guard,
                             ObjectMapper json, String owner, Duration stopBudget,
                             Clock clock, Ticker ticker, MetricRegistry metrics) {
        this.database = database;
        this.leads = leads;
        this.config = config;
        this.bounds = new OutboxBounds(singletonDatabase, config, clock, metrics);
        this.fanout = new Fanout(singletonDatabase, json, clock, config.fanoutBatch(), bounds);
        this.sender = new WebhookSender(config, guard, clock);
        this.retries = new RetryPolicy(config, clock, metrics);
        this.pruner = new DeliveryPruner(singletonDatabase, config.deliveredRetention(), config.deadLetterRetention(),
                clock, ticker);
        this.owner = owner;
        this.stopBudget = stopBudget;
        this.clock = clock;
        this.ticker = ticker;
        this.latency = metrics.timer("webhooks.attempt_latency");
        metrics.gauge("webhooks.in_flight", () -> this::inFlightCount);
    }

    /** A hint that there may be new events or new deliveries: look now rather than at the next poll. */
    public void wake() {
        signals.offer(WAKE);
    }

    @Override
    public void onStopRequested() {
        wake();
    }

    private synchronized int inFlightCount() {
        return inFlight.size();
    }

    @Override
    public void run(StopToken stop) throws Exception {
        if (!started) {
            final int released = database.inTransaction(h -> Deliveries.releaseOthers(h, owner));
            if (released > 0) {
                LOG.info("webhooks: {} deliveries left in flight by an earlier run are due again", released);
            }
            started = true;
        }
        try {
            while (!stop.stopRequested()) {
                turn();
                awaitSignal(config.pollInterval().toNanos());
            }
            finish();
        } catch (InterruptedException e) {
            releaseAfterInterrupt();
            throw e;
        }
    }

    /** Work for the lease holder only; its writes are fenced, so a holder that just lost the lease writes nothing. */
    private void fanOutAndPrune() throws InterruptedException {
        try {
            pruner.pruneWhenDue();
            bounds.disableFailing();
            fanout.run();
        } catch (FencedOutException e) {
            LOG.info("webhooks: fan-out skipped: {}", e.getMessage());
        }
    }

    private void turn() throws Exception {
        final FinishedAttempts finished = collectFinished();
        if (leads.getAsBoolean()) {
            fanOutAndPrune();
        }
        final long now = clock.millis();
        final List<Deliveries.Due> due = new ArrayList<>();
        final Map<String, Subscription> subscriptions = new HashMap<>();
        database.jdbi().useHandle(h -> {
            for (Subscription s : Subscriptions.active(h)) {
                subscriptions.put(s.id(), s);
                final int free = config.maxConcurrencyPerSubscription() - inFlightBySubscription.getOrDefault(s.id(), 0);
                if (free > 0) {
                    due.addAll(Deliveries.due(h, s.id(), now, free));
                }
            }
        });
        if (!due.isEmpty()) {
            // Before the first claim: until a delivery is due, the client (and its TLS context) is not needed.
            sender.start();
        }
        final Set<String> claimed = new HashSet<>();
        if (!finished.isEmpty() || !due.isEmpty()) {
            final List<String> ids = due.stream().map(Deliveries.Due::id).toList();
            database.useTransaction(h -> {
                finished.record(h, now);
                claimed.addAll(Deliveries.claim(h, ids, owner, now, now + config.leaseDuration().toMillis()));
            });
        }
        // Rows another instance claimed first are its to send.
        due.stream().filter(d -> claimed.contains(d.id()))
                .forEach(d -> send(d, subscriptions.get(d.subscriptionId())));
    }

    private void send(Deliveries.Due due, Subscription subscription) {
        inFlightBySubscription.merge(due.subscriptionId(), 1, Integer::sum);
        final long start = ticker.nanos();
        if (subscription == null) {
            // Paused or deleted between the claim and now: give it back untouched.
            signals.offer(new Finished(due.id(), null));
            synchronized (this) {
                inFlight.put(due.id(), new InFlight(due, null, start));
            }
            return;
        }
        synchronized (this) {
            final Request request = sender.send(subscription.url(), due.id(), due.eventType(), subscription.secret(),
                    due.body(), result -> signals.offer(new Finished(due.id(), result)));
            inFlight.put(due.id(), new InFlight(due, request, start));
        }
    }

    /** Takes the attempts that finished off the queue and turns them into outcomes to record. */
    private FinishedAttempts collectFinished() {
        final List<Object> drained = new ArrayList<>();
        signals.drainTo(drained);
        final FinishedAttempts attempts = new FinishedAttempts();
        final List<String> untouched = new ArrayList<>();
        for (Object signal : drained) {
            if (!(signal instanceof Finished finished)) {
                continue;
            }
            final InFlight attempt;
            synchronized (this) {
                attempt = inFlight.remove(finished.id());
            }
            if (attempt == null) {
                continue; // aborted and released at stop
            }
            inFlightBySubscription.merge(attempt.due().subscriptionId(), -1, Integer::sum);
            if (finished.result() == null) {
                untouched.add(finished.id());
                continue;
            }
            latency.update(ticker.nanos() - attempt.startNanos(), TimeUnit.NANOSECONDS);
            attempts.attempted(attempt.due().subscriptionId(), retries.outcome(attempt.due(), finished.result()));
        }
        untouched.forEach(id -> attempts.givenBack(new Deliveries.Outcome(id, false, false, clock.millis(), null,
                "subscription paused or deleted before the attempt")));
        return attempts;
    }

    private void awaitSignal(long nanos) throws InterruptedException {
        final Object first = signals.poll(nanos, TimeUnit.NANOSECONDS);
        if (first != null && first != WAKE) {
            signals.offer(first);
        }
    }

    /** Stop: no more claims; the attempts in flight get the budget less a reserve for the last writes. */
    private void finish() throws Exception {
        final int atStop = inFlightCount();
        final long reserve = Math.min(Duration.ofSeconds(1).toNanos(), stopBudget.toNanos() / 4);
        final long deadline = ticker.nanos() + stopBudget.toNanos() - reserve;
        final FinishedAttempts finished = new FinishedAttempts();
        while (inFlightCount() > 0 && ticker.nanos() < deadline) {
            awaitSignal(Math.max(1, deadline - ticker.nanos()));
            finished.add(collectFinished());
        }
        final List<String> unfinished = abortInFlight();
        finished.add(collectFinished());
        final long now = clock.millis();
        database.useTransaction(h -> {
            finished.record(h, now);
            Deliveries.release(h, unfinished);
        });
        LOG.info("webhooks stopped: {} attempt(s) in flight at stop, {} finished, {} released for the next start",
                atStop, finished.size(), unfinished.size());
        sender.stop();
    }

    private List<String> abortInFlight() {
        final List<InFlight> attempts;
        synchronized (this) {
            attempts = List.copyOf(inFlight.values());
            inFlight.clear();
        }
        inFlightBySubscription.clear();
        final CancellationException cause = new CancellationException("service is stopping");
        attempts.stream().map(InFlight::request).filter(r -> r != null).forEach(r -> r.abort(cause));
        return attempts.stream().map(a -> a.due().id()).toList();
    }

    /** The phase's budget ran out first: release without waiting, the interrupt put aside for the write. */
    private void releaseAfterInterrupt() {
        Thread.interrupted();
        try {
            final List<String> unfinished = abortInFlight();
            final int released = database.writeGate().tryEnter(Duration.ofMillis(200))
                    ? releaseHoldingGate(unfinished) : database.jdbi().inTransaction(h -> Deliveries.release(h, unfinished));
            LOG.info("webhooks interrupted at stop: {} attempt(s) released for the next start", released);
            sender.stop();
        } catch (Exception e) {
            LOG.warn("webhooks: release at stop failed; the next start releases these leases", e);
        } finally {
            Thread.currentThread().interrupt();
        }
    }

    private int releaseHoldingGate(List<String> unfinished) {
        try {
            return database.jdbi().inTransaction(h -> Deliveries.release(h, unfinished));
        } finally {
            database.writeGate().leave();
        }
    }
}
