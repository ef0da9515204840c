package io.ledgerlens.lifecycle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness turns 503 when the shutdown starts, not after the start has been persisted: under load that write
 * waits for SQLite's write lock, and a load balancer must not be told "ready" meanwhile.
 */
@Timeout(30)
class DrainAtShutdownStartTest {
    /** A store whose recordShutdownStarted blocks until released, as a write waiting for SQLite's lock does. */
    private static final class SlowToRecordStart implements ShutdownReportStore {
        final InMemoryReportStore inner = new InMemoryReportStore();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void recordShutdownStarted(String runId, String cause, Instant at) {
            entered.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inner.recordShutdownStarted(runId, cause, at);
        }

        @Override
        public void recordRunStarted(String runId, String instanceId, long pid, String host, Instant startedAt) {
            inner.recordRunStarted(runId, instanceId, pid, host, startedAt);
        }

        @Override
        public void recordHeartbeat(String runId, Instant at) {
            inner.recordHeartbeat(runId, at);
        }

        @Override
        public boolean save(ShutdownReport report) {
            return inner.save(report);
        }

        @Override
        public boolean saveIfUnreported(ShutdownReport report) {
            return inner.saveIfUnreported(report);
        }

        @Override
        public List<ShutdownReport> recent(int limit, Optional<String> instanceId) {
            return inner.recent(limit, instanceId);
        }

        @Override
        public List<UnfinishedRun> unfinishedRuns(String currentRunId) {
            return inner.unfinishedRuns(currentRunId);
        }

        @Override
        public Optional<ShutdownReport> latest() {
            return inner.latest();
        }
    }

    @Test
    void readinessIsDrainingWhileTheStartIsStillBeingPersisted() throws Exception {
        final DrainState drain = new DrainState();
        drain.markStarted();
        final SlowToRecordStart store = new SlowToRecordStart();
        final CountDownLatch drainPhaseRan = new CountDownLatch(1);
        final ShutdownPlan plan = new ShutdownPlan(List.of(new Phase("drain", Duration.ofSeconds(1), b -> {
            drainPhaseRan.countDown();
            return PhaseStep.Result.clean("drained");
        })), Duration.ofSeconds(10), Duration.ofSeconds(1));
        final RecordingExit exit = new RecordingExit();
        final ShutdownCoordinator coordinator = new ShutdownCoordinator("run-1", "instance-a", plan, store,
                ShutdownListener.of(drain.drainWhenShutdownStarts(), ShutdownListener.NONE), Ticker.SYSTEM,
                Clock.systemUTC(), exit, () -> { });
        coordinator.markStarted();
        assertThat(drain.isDraining()).isFalse();

        coordinator.requestShutdown("SIGTERM");

        assertThat(store.entered.await(10, TimeUnit.SECONDS)).as("the start is being persisted").isTrue();
        assertThat(drain.isDraining()).as("503 already, while the write waits").isTrue();
        assertThat(drainPhaseRan.getCount()).as("the drain phase itself has not begun").isEqualTo(1);
        assertThat(drain.undrain()).as("a shutdown's drain cannot be undone").isFalse();

        store.release.countDown();
        assertThat(exit.awaitExit(Duration.ofSeconds(10))).isZero();
        assertThat(drainPhaseRan.getCount()).isZero();
    }

    @Test
    void withoutTheListenerTheDrainWaitsForTheWrite() throws Exception {
        // The other side of the same boundary: the drain phase alone would flip readiness only after the write.
        final DrainState drain = new DrainState();
        drain.markStarted();
        final SlowToRecordStart store = new SlowToRecordStart();
        final ShutdownPlan plan = new ShutdownPlan(List.of(new Phase("drain", Duration.ofSeconds(1), b -> {
            drain.drainForShutdown();
            return PhaseStep.Result.clean("drained");
        })), Duration.ofSeconds(10), Duration.ofSeconds(1));
        final RecordingExit exit = new RecordingExit();
        final ShutdownCoordinator coordinator = new ShutdownCoordinator("run-1", "instance-a", plan, store, ShutdownListener.NONE,
                Ticker.SYSTEM, Clock.systemUTC(), exit, () -> { });
        coordinator.markStarted();
        coordinator.requestShutdown("SIGTERM");

        assertThat(store.entered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(drain.isDraining()).isFalse();
        store.release.countDown();
        assertThat(exit.awaitExit(Duration.ofSeconds(10))).isZero();
        assertThat(drain.isDraining()).isTrue();
    }
}
