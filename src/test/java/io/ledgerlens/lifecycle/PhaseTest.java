package io.ledgerlens.lifecycle;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PhaseTest {
    private static final PhaseStep NOOP = b -> PhaseStep.Result.clean("noop");

    @Test
    void blankNameIsRejected() {
        assertThatThrownBy(() -> new Phase("  ", Duration.ofSeconds(1), NOOP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("phase name must not be blank");
        assertThatThrownBy(() -> new Phase("", Duration.ofSeconds(1), NOOP))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void negativeBudgetIsRejectedWithThePhaseName() {
        assertThatThrownBy(() -> new Phase("drain", Duration.ofMillis(-1), NOOP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("budget of phase 'drain' must be >= 0, got PT-0.001S");
    }

    @Test
    void zeroBudgetIsAllowed() {
        assertThat(new Phase("instant", Duration.ZERO, NOOP).budget()).isZero();
    }

    @Test
    void nullsAreRejected() {
        assertThatNullPointerException().isThrownBy(() -> new Phase(null, Duration.ZERO, NOOP)).withMessage("name");
        assertThatNullPointerException().isThrownBy(() -> new Phase("a", null, NOOP)).withMessage("budget");
        assertThatNullPointerException().isThrownBy(() -> new Phase("a", Duration.ZERO, null)).withMessage("step");
    }
}
