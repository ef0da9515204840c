package io.ledgerlens.lifecycle;

/** Observes a shutdown as it happens (metrics, tests). Callbacks must be quick and must not throw. */
public interface ShutdownListener {
    ShutdownListener NONE = new ShutdownListener() {
    };

    default void onStarted(String cause, ShutdownPlan plan) {
    }

    default void onPhase(PhaseResult result) {
    }

    default void onFinished(ShutdownReport report) {
    }
}
