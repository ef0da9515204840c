package io.ledgerlens.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The phases between {@code signal} and {@code report}, in order, with the total budget they share. The report
 * phase gets a fixed reserve at the end, so that the outcome is persisted and logged even after an overrun.
 */
public record ShutdownPlan(List<Phase> phases, Duration total, Duration reportReserve) {
    public ShutdownPlan {
        phases = List.copyOf(Objects.requireNonNull(phases, "phases"));
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(reportReserve, "reportReserve");
        if (total.isNegative() || total.isZero()) {
            throw new IllegalArgumentException("total shutdown budget must be > 0, got " + total);
        }
        if (reportReserve.isNegative() || reportReserve.isZero() || reportReserve.compareTo(total) >= 0) {
            throw new IllegalArgumentException(
                    "report reserve must be > 0 and < the total budget " + total + ", got " + reportReserve);
        }
    }

    /** One line for the log and for {@code shutdown?dryRun=true}: every phase the coordinator runs, signal first. */
    public String describe() {
        return "total=" + total.toMillis() + "ms phases=[" + Stream.of(
                Stream.of("signal " + ShutdownCoordinator.SIGNAL_BUDGET.toMillis() + "ms"),
                phases.stream().map(p -> p.name() + " " + p.budget().toMillis() + "ms"),
                Stream.of("report " + reportReserve.toMillis() + "ms")).flatMap(s -> s)
                .collect(Collectors.joining(", ")) + "]";
    }
}
