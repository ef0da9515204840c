package io.ledgerlens.lifecycle;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.logging.common.LoggingFactory;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Dropwizard stops logging as soon as Jetty has stopped; in a coordinated shutdown Jetty stops in the http
 * phase, and the phases after it must still be logged. While the coordinator owns the shutdown this factory
 * leaves logging running, and {@link LoggingFlush} stops it as the very last step.
 */
public final class CoordinatedLoggingFactory implements LoggingFactory {
    private final LoggingFactory delegate;
    private final BooleanSupplier coordinatorOwnsStop;

    public CoordinatedLoggingFactory(LoggingFactory delegate, BooleanSupplier coordinatorOwnsStop) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.coordinatorOwnsStop = Objects.requireNonNull(coordinatorOwnsStop, "coordinatorOwnsStop");
    }

    @Override
    public void configure(MetricRegistry metricRegistry, String name) {
        delegate.configure(metricRegistry, name);
    }

    @Override
    public void stop() {
        if (!coordinatorOwnsStop.getAsBoolean()) {
            delegate.stop();
        }
    }

    @Override
    public void reset() {
        delegate.reset();
    }
}
