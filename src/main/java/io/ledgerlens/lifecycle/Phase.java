package io.ledgerlens.lifecycle;

import java.time.Duration;
import java.util.Objects;

/** A named step of the shutdown sequence with its own budget. */
public record Phase(String name, Duration budget, PhaseStep step) {
    public Phase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(step, "step");
        if (name.isBlank()) {
            throw new IllegalArgumentException("phase name must not be blank");
        }
        if (budget.isNegative()) {
            throw new IllegalArgumentException("budget of phase '" + name + "' must be >= 0, got " + budget);
        }
    }
}
