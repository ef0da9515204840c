package io.ledgerlens.lifecycle;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link PhaseStep.Result}. */
class PhaseStepTest {
    @Test
    void factoriesSetTheOutcome() {
        assertThat(PhaseStep.Result.clean("a").outcome()).isEqualTo(PhaseOutcome.CLEAN);
        assertThat(PhaseStep.Result.timedOut("a").outcome()).isEqualTo(PhaseOutcome.TIMED_OUT);
        assertThat(PhaseStep.Result.failed("a").outcome()).isEqualTo(PhaseOutcome.FAILED);
        assertThat(PhaseStep.Result.skipped("a").outcome()).isEqualTo(PhaseOutcome.SKIPPED);
        assertThat(PhaseStep.Result.clean("a").facts()).isEmpty();
    }

    @Test
    void withAddsAFactToACopy() {
        final PhaseStep.Result base = PhaseStep.Result.clean("quiet");
        final PhaseStep.Result one = base.with("a", 1);
        final PhaseStep.Result two = one.with("b", 2).with("a", 3);

        assertThat(base.facts()).isEmpty();
        assertThat(one.facts()).containsExactly(Map.entry("a", 1L));
        assertThat(two.facts()).containsOnly(Map.entry("a", 3L), Map.entry("b", 2L));
        assertThat(two.detail()).isEqualTo("quiet");
        assertThat(two.outcome()).isEqualTo(PhaseOutcome.CLEAN);
    }

    @Test
    void factsAreAnImmutableCopy() {
        final Map<String, Long> source = new HashMap<>(Map.of("a", 1L));
        final PhaseStep.Result result = new PhaseStep.Result(PhaseOutcome.CLEAN, "x", source);
        source.put("b", 2L);
        assertThat(result.facts()).containsOnlyKeys("a");
        assertThatThrownBy(() -> result.facts().put("c", 3L)).isInstanceOf(UnsupportedOperationException.class);
    }
}
