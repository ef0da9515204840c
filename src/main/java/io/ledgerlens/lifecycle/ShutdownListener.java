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

    /** Tells each of {@code listeners}, in the order given. */
    static ShutdownListener of(ShutdownListener... listeners) {
        final java.util.List<ShutdownListener> all = java.util.List.of(listeners);
        return new ShutdownListener() {
            @Override
            public void onStarted(String cause, ShutdownPlan plan) {
                all.forEach(l -> l.onStarted(cause, plan));
            }

            @Override
            public void onPhase(PhaseResult result) {
                all.forEach(l -> l.onPhase(result));
            }

            @Override
            public void onFinished(ShutdownReport report) {
                all.forEach(l -> l.onFinished(report));
            }
        };
    }
}
