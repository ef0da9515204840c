package io.ledgerlens.lifecycle;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.logging.common.LoggingFactory;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class CoordinatedLoggingFactoryTest {
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final AtomicBoolean coordinatorOwnsStop = new AtomicBoolean();
    private final LoggingFactory delegate = new LoggingFactory() {
        @Override
        public void configure(MetricRegistry metricRegistry, String name) {
            calls.add("configure " + name);
        }

        @Override
        public void stop() {
            calls.add("stop");
        }

        @Override
        public void reset() {
            calls.add("reset");
        }
    };
    private final CoordinatedLoggingFactory factory = new CoordinatedLoggingFactory(delegate, coordinatorOwnsStop::get);

    @Test
    void delegatesEverythingOutsideACoordinatedShutdown() {
        factory.configure(new MetricRegistry(), "ledgerlens");
        factory.stop();
        factory.reset();
        assertThat(calls).containsExactly("configure ledgerlens", "stop", "reset");
    }

    @Test
    void keepsLoggingRunningWhileTheCoordinatorOwnsTheStop() {
        coordinatorOwnsStop.set(true);
        factory.stop();
        assertThat(calls).isEmpty();
    }
}
