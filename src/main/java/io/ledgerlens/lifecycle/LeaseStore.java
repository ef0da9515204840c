package io.ledgerlens.lifecycle;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A named lease shared by the instances of one store, with a fencing token that grows by one at every change of
 * holder. Expiry is judged by the store's clock, not the instances', so hosts whose clocks disagree still agree
 * on who holds it.
 */
public interface LeaseStore {
    /**
     * Takes the lease if nobody holds it, the holder's time ran out, or the holder's run is known to have ended.
     * @param runId the run of this process, kept with the lease @return the new fencing token, or empty
     */
    OptionalLong tryAcquire(String name, String holder, String runId, Duration ttl);

    /** @return false if the lease is no longer {@code holder}'s under {@code token}: leadership is lost */
    boolean renew(String name, String holder, long token, Duration ttl);

    /** Gives the lease up so that another instance can take it at once. @return false if it was not held */
    boolean release(String name, String holder, long token);

    Optional<State> current(String name);

    /** @param holder null when released; {@code remainingMs} is negative once expired */
    record State(String name, String holder, long token, long acquiredAtMs, long expiresAtMs, long remainingMs) {
    }
}
