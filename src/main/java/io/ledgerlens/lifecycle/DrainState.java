package io.ledgerlens.lifecycle;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether this instance should receive new traffic. Readiness reads it; it changes the moment a drain starts,
 * so a load balancer's next probe already sees 503.
 */
public final class DrainState {
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean shuttingDown = new AtomicBoolean();
    private volatile boolean started;

    /** The server is up and serving: readiness may answer 200. */
    public void markStarted() {
        started = true;
    }

    /** @return true if this call started the drain */
    public boolean drain() {
        return draining.compareAndSet(false, true);
    }

    /** Puts a manually drained instance back in rotation; refused once a shutdown has begun. */
    public boolean undrain() {
        if (shuttingDown.get()) {
            return false;
        }
        return draining.compareAndSet(true, false);
    }

    /** A drain that is part of a shutdown cannot be undone. */
    public void drainForShutdown() {
        shuttingDown.set(true);
        draining.set(true);
    }

    /**
     * Turns readiness to 503 the moment a shutdown starts, before the signal phase persists that start: under load
     * that write waits for SQLite's write lock (726 ms seen in bench/compare.sh's rolling restart), and the drain
     * phase, which also drains, comes only after it.
     */
    public ShutdownListener drainWhenShutdownStarts() {
        return new ShutdownListener() {
            @Override
            public void onStarted(String cause, ShutdownPlan plan) {
                drainForShutdown();
            }
        };
    }

    public boolean isDraining() {
        return draining.get();
    }

    public boolean isShuttingDown() {
        return shuttingDown.get();
    }

    public boolean isStarted() {
        return started;
    }

    public boolean isReady() {
        return started && !draining.get();
    }

    /** starting, ready, draining or shutting_down; the word readiness answers with. */
    public String status() {
        if (shuttingDown.get()) {
            return "shutting_down";
        }
        if (draining.get()) {
            return "draining";
        }
        return started ? "ready" : "starting";
    }
}
