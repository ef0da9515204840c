package io.ledgerlens.lifecycle;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DrainStateTest {
    private final DrainState state = new DrainState();

    @Test
    void startsNotReady() {
        assertThat(state.isStarted()).isFalse();
        assertThat(state.isReady()).isFalse();
        assertThat(state.isDraining()).isFalse();
        assertThat(state.status()).isEqualTo("starting");
    }

    @Test
    void readyOnceStarted() {
        state.markStarted();
        assertThat(state.isReady()).isTrue();
        assertThat(state.status()).isEqualTo("ready");
    }

    @Test
    void drainAndUndrain() {
        state.markStarted();
        assertThat(state.drain()).as("first drain starts it").isTrue();
        assertThat(state.drain()).as("second drain is a no-op").isFalse();
        assertThat(state.isReady()).isFalse();
        assertThat(state.status()).isEqualTo("draining");

        assertThat(state.undrain()).isTrue();
        assertThat(state.isReady()).isTrue();
        assertThat(state.status()).isEqualTo("ready");
        assertThat(state.undrain()).as("nothing to undo").isFalse();
    }

    @Test
    void drainBeforeStartIsDraining() {
        assertThat(state.drain()).isTrue();
        assertThat(state.status()).isEqualTo("draining");
        state.markStarted();
        assertThat(state.isReady()).isFalse();
    }

    @Test
    void drainForShutdownCannotBeUndone() {
        state.markStarted();
        state.drainForShutdown();
        assertThat(state.isDraining()).isTrue();
        assertThat(state.isShuttingDown()).isTrue();
        assertThat(state.isReady()).isFalse();
        assertThat(state.status()).isEqualTo("shutting_down");

        assertThat(state.undrain()).isFalse();
        assertThat(state.drain()).isFalse();
        assertThat(state.isDraining()).isTrue();
        assertThat(state.status()).isEqualTo("shutting_down");
    }

    @Test
    void manualDrainThenShutdownRefusesUndrain() {
        state.markStarted();
        state.drain();
        state.drainForShutdown();
        assertThat(state.undrain()).isFalse();
        assertThat(state.status()).isEqualTo("shutting_down");
    }

    @Test
    void shutdownBeforeStartIsShuttingDown() {
        state.drainForShutdown();
        assertThat(state.status()).isEqualTo("shutting_down");
        assertThat(state.isReady()).isFalse();
    }
}
