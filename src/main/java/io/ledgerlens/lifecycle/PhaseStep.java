package io.ledgerlens.lifecycle;

import java.time.Duration;
import java.util.Map;

/**
 * The work of one shutdown phase. It is given the time it may take (already cut to the shared deadline) and
 * should return within it; if it does not, the sequence interrupts it and moves on.
 */
@FunctionalInterface
public interface PhaseStep {
    Result run(Duration budget) throws Exception;

    /** What a step reports: its outcome, a short human detail and numbers worth keeping in the report. */
    record Result(PhaseOutcome outcome, String detail, Map<String, Long> facts) {
        public Result {
            facts = Map.copyOf(facts);
        }

        public static Result clean(String detail) {
            return new Result(PhaseOutcome.CLEAN, detail, Map.of());
        }

        public static Result timedOut(String detail) {
            return new Result(PhaseOutcome.TIMED_OUT, detail, Map.of());
        }

        public static Result failed(String detail) {
            return new Result(PhaseOutcome.FAILED, detail, Map.of());
        }

        public static Result skipped(String detail) {
            return new Result(PhaseOutcome.SKIPPED, detail, Map.of());
        }

        public Result with(String fact, long value) {
            final var merged = new java.util.HashMap<>(facts);
            merged.put(fact, value);
            return new Result(outcome, detail, merged);
        }
    }
}
