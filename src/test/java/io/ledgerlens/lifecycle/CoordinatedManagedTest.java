package io.ledgerlens.lifecycle;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class CoordinatedManagedTest {
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final AtomicBoolean coordinatorOwnsStop = new AtomicBoolean();
    private final StoppableResource resource = new StoppableResource() {
        @Override
        public void start() {
            calls.add("start");
        }

        @Override
        public PhaseStep.Result stop(Duration budget) {
            calls.add("stop " + budget.toMillis());
            return PhaseStep.Result.clean("stopped");
        }
    };
    private final CoordinatedManaged managed = new CoordinatedManaged("redis", resource, Duration.ofMillis(1500),
            coordinatorOwnsStop::get);

    @Test
    void startsTheResource() throws Exception {
        managed.start();
        assertThat(calls).containsExactly("start");
    }

    @Test
    void stopsWithTheFallbackBudgetOutsideACoordinatedShutdown() throws Exception {
        managed.stop();
        assertThat(calls).containsExactly("stop 1500");
    }

    @Test
    void leavesTheResourceToTheCoordinatorDuringACoordinatedShutdown() throws Exception {
        coordinatorOwnsStop.set(true);
        managed.stop();
        assertThat(calls).isEmpty();
        assertThat(managed).hasToString("CoordinatedManaged[redis]");
    }
}
