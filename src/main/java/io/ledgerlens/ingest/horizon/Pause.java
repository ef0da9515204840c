package io.ledgerlens.ingest.horizon;

import io.ledgerlens.ingest.SourceException;
import io.ledgerlens.lifecycle.JobUnit.StopToken;

import java.time.Duration;

/** Waiting between attempts; a stop request ends the wait (and the call) early. Injected so tests never sleep. */
@FunctionalInterface
interface Pause {
    Duration SLICE = Duration.ofMillis(50);

    Pause SYSTEM = (duration, stop) -> {
        final long end = System.nanoTime() + duration.toNanos();
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            if (stop.stopRequested()) {
                throw new SourceException("stop requested while waiting to retry Horizon");
            }
            Thread.sleep(Math.max(1, Math.min(SLICE.toMillis(), left / 1_000_000)));
        }
    };

    void pause(Duration duration, StopToken stop) throws SourceException, InterruptedException;
}
