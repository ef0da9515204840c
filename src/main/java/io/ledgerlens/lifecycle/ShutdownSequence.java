package io.ledgerlens.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs phases in order under one deadline ({@code end = start + total}). Each phase gets
 * {@code min(its own budget, what is left)}; a phase that overruns is interrupted and recorded as
 * {@code timed_out}, a phase that throws is recorded as {@code failed}, and in both cases the sequence goes on:
 * stopping later resources matters more than waiting for an earlier one.
 */
final class ShutdownSequence {
    static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final List<Phase> phases;
    private final Duration total;
    private final Ticker ticker;

    ShutdownSequence(List<Phase> phases, Duration total, Ticker ticker) {
        this.phases = List.copyOf(Objects.requireNonNull(phases, "phases"));
        this.total = Objects.requireNonNull(total, "total");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        if (total.isNegative() || total.isZero()) {
            throw new IllegalArgumentException("total budget must be > 0, got " + total);
        }
    }

    /** Runs every phase; {@code onPhase} sees each result as soon as it is known. */
    List<PhaseResult> run(Consumer<PhaseResult> onPhase, Consumer<PhaseStep.Result> onFacts) {
        final long start = ticker.nanos();
        final long end = start + total.toNanos();
        final List<PhaseResult> results = new ArrayList<>();
        for (Phase phase : phases) {
            final long now = ticker.nanos();
            final long left = Math.max(0, end - now);
            final Duration budget = Duration.ofNanos(Math.min(phase.budget().toNanos(), left));
            final PhaseResult result;
            if (left == 0) {
                result = new PhaseResult(phase.name(), PhaseOutcome.SKIPPED, 0, 0, "no time left before the deadline");
            } else {
                // A step that uses its whole budget by design (the drain's max wait) returns right at the budget;
                // a short grace, still inside the deadline, keeps that from being judged an overrun, and lets a
                // zero-budget phase do its instant work.
                final long wait = Math.min(budget.toNanos() + GRACE_NANOS, left);
                result = runOne(phase, budget, wait, onFacts);
            }
            results.add(result);
            onPhase.accept(result);
        }
        return results;
    }

    private PhaseResult runOne(Phase phase, Duration budget, long waitNanos, Consumer<PhaseStep.Result> onFacts) {
        final long started = ticker.nanos();
        // Interrupted at the end of its wait: the next phase must not wait for a step that overran.
        final BoundedCall.Ended<PhaseStep.Result> ended = BoundedCall.call("shutdown-" + phase.name(),
                () -> phase.step().run(budget), waitNanos, true);
        PhaseOutcome outcome;
        String detail;
        switch (ended.state()) {
            case DONE -> {
                final PhaseStep.Result r = ended.value();
                if (r == null) {
                    // A broken step must not end the sequence (and with it the report and the exit).
                    outcome = PhaseOutcome.FAILED;
                    detail = "the step returned no result";
                } else {
                    outcome = r.outcome();
                    detail = r.detail();
                    onFacts.accept(r);
                }
            }
            case TIMED_OUT -> {
                outcome = PhaseOutcome.TIMED_OUT;
                detail = "cut off after its budget of " + budget.toMillis() + " ms";
            }
            case FAILED -> {
                outcome = PhaseOutcome.FAILED;
                detail = describe(ended.failure());
            }
            default -> {
                outcome = PhaseOutcome.FAILED;
                detail = "the shutdown thread was interrupted";
            }
        }
        final long took = TimeUnit.NANOSECONDS.toMillis(ticker.nanos() - started);
        if (outcome != PhaseOutcome.TIMED_OUT && took > budget.toMillis()) {
            // Say why a phase longer than its budget is not timed_out: it returned by itself, it was not cut off.
            detail = detail + "; returned " + (took - budget.toMillis()) + " ms past its budget of "
                    + budget.toMillis() + " ms by itself (a step that waits out its whole budget, like the drain's "
                    + "maxWait, ends just after it on a busy machine), so it was not cut off";
        }
        return new PhaseResult(phase.name(), outcome, took, budget.toMillis(), detail);
    }

    private static String describe(Throwable t) {
        final String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
