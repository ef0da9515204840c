package io.ledgerlens.lifecycle;

import io.dropwizard.lifecycle.Managed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Registers a {@link StoppableResource} with Dropwizard so that it starts in registration order and, when
 * Jetty is stopped by anything other than the coordinator (tests, an embedding application), stops in reverse
 * order with its own budget. During a coordinated shutdown Jetty's stop leaves it alone: the coordinator stops
 * it in its phase, under the shared deadline.
 */
public final class CoordinatedManaged implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatedManaged.class);

    private final String name;
    private final StoppableResource resource;
    private final Duration fallbackBudget;
    private final BooleanSupplier coordinatorOwnsStop;

    public CoordinatedManaged(String name, StoppableResource resource, Duration fallbackBudget,
                              BooleanSupplier coordinatorOwnsStop) {
        this.name = Objects.requireNonNull(name, "name");
        this.resource = Objects.requireNonNull(resource, "resource");
        this.fallbackBudget = Objects.requireNonNull(fallbackBudget, "fallbackBudget");
        this.coordinatorOwnsStop = Objects.requireNonNull(coordinatorOwnsStop, "coordinatorOwnsStop");
    }

    @Override
    public void start() throws Exception {
        resource.start();
    }

    @Override
    public void stop() throws Exception {
        if (coordinatorOwnsStop.getAsBoolean()) {
            return;
        }
        final PhaseStep.Result result = resource.stop(fallbackBudget);
        LOG.info("stopped {} outside a coordinated shutdown: outcome={} detail={}", name, result.outcome().label(),
                result.detail());
    }

    @Override
    public String toString() {
        return "CoordinatedManaged[" + name + "]";
    }
}
