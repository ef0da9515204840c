package io.ledgerlens.lifecycle;

import java.time.Duration;

/** A resource that starts with the service and stops within a budget it is given. Stop must be idempotent. */
public interface StoppableResource {
    default void start() throws Exception {
    }

    PhaseStep.Result stop(Duration budget) throws Exception;
}
