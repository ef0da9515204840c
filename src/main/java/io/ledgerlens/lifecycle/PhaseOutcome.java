package io.ledgerlens.lifecycle;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How one phase of the shutdown sequence ended. */
public enum PhaseOutcome {
    CLEAN, TIMED_OUT, FAILED, SKIPPED;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PhaseOutcome fromLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
