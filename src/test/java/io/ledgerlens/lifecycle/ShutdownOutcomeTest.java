package io.ledgerlens.lifecycle;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ShutdownOutcomeTest {
    private static List<PhaseResult> phases(PhaseOutcome... outcomes) {
        return Arrays.stream(outcomes).map(o -> new PhaseResult(o.label(), o, 1, 1, "")).toList();
    }

    @Test
    void noPhasesIsClean() {
        assertThat(ShutdownOutcome.of(List.of())).isEqualTo(ShutdownOutcome.CLEAN);
    }

    @Test
    void skippedAloneIsClean() {
        assertThat(ShutdownOutcome.of(phases(PhaseOutcome.SKIPPED))).isEqualTo(ShutdownOutcome.CLEAN);
        assertThat(ShutdownOutcome.of(phases(PhaseOutcome.CLEAN, PhaseOutcome.SKIPPED, PhaseOutcome.SKIPPED)))
                .isEqualTo(ShutdownOutcome.CLEAN);
    }

    @Test
    void timedOutOutweighsClean() {
        assertThat(ShutdownOutcome.of(phases(PhaseOutcome.CLEAN, PhaseOutcome.TIMED_OUT, PhaseOutcome.SKIPPED)))
                .isEqualTo(ShutdownOutcome.TIMED_OUT);
    }

    @Test
    void failedOutweighsTimedOutWhateverTheOrder() {
        assertThat(ShutdownOutcome.of(phases(PhaseOutcome.TIMED_OUT, PhaseOutcome.FAILED, PhaseOutcome.CLEAN)))
                .isEqualTo(ShutdownOutcome.FAILED);
        assertThat(ShutdownOutcome.of(phases(PhaseOutcome.FAILED, PhaseOutcome.TIMED_OUT)))
                .isEqualTo(ShutdownOutcome.FAILED);
    }

    @Test
    void labelsRoundTrip() {
        assertThat(ShutdownOutcome.TIMED_OUT.label()).isEqualTo("timed_out");
        for (ShutdownOutcome o : ShutdownOutcome.values()) {
            assertThat(ShutdownOutcome.fromLabel(o.label())).isEqualTo(o);
        }
        for (PhaseOutcome o : PhaseOutcome.values()) {
            assertThat(PhaseOutcome.fromLabel(o.label())).isEqualTo(o);
        }
    }

    @Test
    void exitCodesFollowTheOutcome() {
        assertThat(ExitCodes.of(ShutdownOutcome.CLEAN)).isEqualTo(0);
        assertThat(ExitCodes.of(ShutdownOutcome.FAILED)).isEqualTo(1);
        assertThat(ExitCodes.of(ShutdownOutcome.TIMED_OUT)).isEqualTo(2);
        assertThat(ExitCodes.of(ShutdownOutcome.FORCED)).isEqualTo(ExitCodes.FORCED_BY_SECOND_SIGNAL).isEqualTo(3);
        assertThat(ExitCodes.FORCED_BY_WATCHDOG).isEqualTo(4);
    }
}
