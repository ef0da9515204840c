package io.ledgerlens.lifecycle;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How a whole shutdown ended; the names are part of the operator contract (report JSON, metrics). */
public enum ShutdownOutcome {
    CLEAN, TIMED_OUT, FORCED, FAILED;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A count per outcome, every outcome present at zero: what history gauges start from. */
    public static Map<ShutdownOutcome, Long> zeroCounts() {
        final Map<ShutdownOutcome, Long> counts = new EnumMap<>(ShutdownOutcome.class);
        for (ShutdownOutcome o : values()) {
            counts.put(o, 0L);
        }
        return counts;
    }

    public static ShutdownOutcome fromLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }

    /** A failure outweighs an overrun: an operator must look at a failed phase first. */
    static ShutdownOutcome of(List<PhaseResult> phases) {
        if (phases.stream().anyMatch(p -> p.outcome() == PhaseOutcome.FAILED)) {
            return FAILED;
        }
        if (phases.stream().anyMatch(p -> p.outcome() == PhaseOutcome.TIMED_OUT)) {
            return TIMED_OUT;
        }
        return CLEAN;
    }
}
