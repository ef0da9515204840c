package io.ledgerlens.lifecycle;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShutdownPlanTest {
    private static final PhaseStep NOOP = b -> PhaseStep.Result.clean("noop");
    private static final List<Phase> PHASES = List.of(
            new Phase("drain", Duration.ofSeconds(5), NOOP),
            new Phase("http", Duration.ofMillis(2500), NOOP));

    @Test
    void totalMustBePositive() {
        assertThatThrownBy(() -> new ShutdownPlan(PHASES, Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("total shutdown budget must be > 0, got PT0S");
        assertThatThrownBy(() -> new ShutdownPlan(PHASES, Duration.ofSeconds(-1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be > 0");
    }

    @Test
    void reportReserveMustBePositive() {
        for (Duration reserve : List.of(Duration.ZERO, Duration.ofMillis(-1))) {
            assertThatThrownBy(() -> new ShutdownPlan(PHASES, Duration.ofSeconds(10), reserve))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("report reserve must be > 0 and < the total budget PT10S, got " + reserve);
        }
    }

    @Test
    void reportReserveMustBeBelowTotal() {
        assertThatThrownBy(() -> new ShutdownPlan(PHASES, Duration.ofSeconds(10), Duration.ofSeconds(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("< the total budget");
        assertThatThrownBy(() -> new ShutdownPlan(PHASES, Duration.ofSeconds(10), Duration.ofSeconds(11)))
                .isInstanceOf(IllegalArgumentException.class);
        // Just below is fine.
        assertThat(new ShutdownPlan(PHASES, Duration.ofSeconds(10), Duration.ofMillis(9999)).reportReserve())
                .isEqualTo(Duration.ofMillis(9999));
    }

    @Test
    void phasesAreCopied() {
        final List<Phase> source = new ArrayList<>(PHASES);
        final ShutdownPlan plan = new ShutdownPlan(source, Duration.ofSeconds(10), Duration.ofSeconds(1));
        source.clear();
        assertThat(plan.phases()).extracting(Phase::name).containsExactly("drain", "http");
        assertThatThrownBy(() -> plan.phases().add(PHASES.get(0))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void describeListsEveryPhaseWithItsBudgetThenTheReport() {
        final ShutdownPlan plan = new ShutdownPlan(PHASES, Duration.ofSeconds(10), Duration.ofSeconds(1));
        assertThat(plan.describe()).isEqualTo("total=10000ms phases=[signal 1000ms, drain 5000ms, http 2500ms, report 1000ms]");
    }

    @Test
    void describeWithoutPhasesHasNoDanglingSeparator() {
        final ShutdownPlan plan = new ShutdownPlan(List.of(), Duration.ofSeconds(3), Duration.ofMillis(500));
        assertThat(plan.describe()).isEqualTo("total=3000ms phases=[signal 1000ms, report 500ms]");
    }
}
