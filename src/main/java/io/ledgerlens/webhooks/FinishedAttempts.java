package io.ledgerlens.webhooks;

import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Deliveries that came back from the sender, to record in one transaction: each one's outcome, and which
 * subscriptions had a success or a failure (a subscription's health follows its attempts, not its deliveries).
 */
final class FinishedAttempts {
    private final List<Deliveries.Outcome> outcomes = new ArrayList<>();
    private final Set<String> succeeded = new HashSet<>();
    private final Set<String> failed = new HashSet<>();

    /** An attempt that was made: it counts for its subscription as a success or a failure. */
    void attempted(String subscriptionId, Deliveries.Outcome outcome) {
        outcomes.add(outcome);
        (outcome.delivered() ? succeeded : failed).add(subscriptionId);
    }

    /** A claimed delivery given back unsent (its subscription was paused or deleted): it counts for nobody. */
    void givenBack(Deliveries.Outcome outcome) {
        outcomes.add(outcome);
    }

    void add(FinishedAttempts more) {
        outcomes.addAll(more.outcomes);
        succeeded.addAll(more.succeeded);
        failed.addAll(more.failed);
    }

    boolean isEmpty() {
        return outcomes.isEmpty();
    }

    int size() {
        return outcomes.size();
    }

    /** Delivery rows first, then subscription rows, each in id order: the order every writer takes them in. */
    void record(Handle h, long nowMs) {
        Deliveries.record(h, outcomes, nowMs);
        Subscriptions.recordAttempts(h, succeeded, failed, nowMs);
    }

    List<Deliveries.Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    Set<String> succeeded() {
        return Set.copyOf(succeeded);
    }

    Set<String> failed() {
        return Set.copyOf(failed);
    }
}
