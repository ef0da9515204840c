package io.ledgerlens.lifecycle;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class ShutdownCoordinatorTest {
    private static final String RUN = "run-1";
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final InMemoryReportStore store = new InMemoryReportStore(events);
    private final RecordingExit exit = new RecordingExit(events);
    private final MetricRegistry registry = new MetricRegistry();
    private final ShutdownMetrics metrics = new ShutdownMetrics(registry);
    private final ShutdownListener listener = new ShutdownListener() {
        @Override
        public void onStarted(String cause, ShutdownPlan plan) {
            events.add("onStarted:" + cause);
            metrics.onStarted(cause, plan);
        }

        @Override
        public void onPhase(PhaseResult result) {
            events.add("onPhase:" + result.name() + ":" + result.outcome().label());
            metrics.onPhase(result);
        }

        @Override
        public void onFinished(ShutdownReport report) {
            events.add("onFinished:" + report.outcome().label());
            metrics.onFinished(report);
        }
    };
    /** Released after each test: no phase blocks past it. */
    private final CountDownLatch release = new CountDownLatch(1);

    ShutdownCoordinatorTest() {
        store.recordRunStarted(RUN, "instance-a", 42, "test-host", NOW.minusSeconds(3600));
    }

    @AfterEach
    void releaseBlockedPhases() {
        release.countDown();
    }

    private ShutdownCoordinator coordinator(ShutdownPlan plan, Ticker ticker, Clock clock) {
        return new ShutdownCoordinator(RUN, "instance-a", plan, store, listener, ticker, clock, exit, () -> events.add("flush"));
    }

    private ShutdownCoordinator coordinator(ShutdownPlan plan) {
        return coordinator(plan, Ticker.SYSTEM, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static ShutdownPlan plan(Duration total, Duration reserve, Phase... phases) {
        return new ShutdownPlan(List.of(phases), total, reserve);
    }

    private Phase step(String name) {
        return new Phase(name, Duration.ofSeconds(1), b -> {
            events.add("step:" + name);
            return PhaseStep.Result.clean(name + " done").with(name + "Fact", 7);
        });
    }

    /** A phase that blocks until the test ends, noting that it started. */
    private Phase blocking(String name, Duration budget, CountDownLatch entered) {
        return new Phase(name, budget, b -> {
            entered.countDown();
            release.await();
            return PhaseStep.Result.clean("released");
        });
    }

    /**
     * One shutdown start recorded, at the request. A direct request reads the ticker twice and subtracts the
     * difference from the clock's instant, so it can be a few microseconds before the fixed clock's NOW.
     */
    private void assertStartRecorded(String cause) {
        assertThat(store.shutdownStarts()).singleElement().satisfies(s -> {
            assertThat(s.runId()).isEqualTo(RUN);
            assertThat(s.cause()).isEqualTo(cause);
            assertThat(s.at()).isBetween(NOW.minusSeconds(1), NOW);
        });
    }

    private static List<String> names(ShutdownReport report) {
        return report.phases().stream().map(PhaseResult::name).toList();
    }

    @Test
    void aCleanRunRecordsTheStartSavesTheReportThenFlushesAndExitsZero() throws Exception {
        final ShutdownCoordinator coordinator = coordinator(
                plan(Duration.ofSeconds(10), Duration.ofSeconds(1), step("drain"), step("http")));
        coordinator.markStarted();

        assertThat(coordinator.requestShutdown("SIGTERM")).isTrue();

        assertThat(exit.awaitExit(WAIT)).isZero();
        assertStartRecorded("SIGTERM");
        assertThat(store.saved()).hasSize(1);
        final ShutdownReport saved = store.saved().get(0);
        assertThat(saved.runId()).isEqualTo(RUN);
        assertThat(saved.cause()).isEqualTo("SIGTERM");
        assertThat(saved.startedAt()).isEqualTo(store.shutdownStarts().get(0).at());
        assertThat(saved.outcome()).isEqualTo(ShutdownOutcome.CLEAN);
        assertThat(saved.exitCode()).isZero();
        assertThat(saved.budgetMs()).isEqualTo(10_000);
        assertThat(saved.unclean()).isFalse();
        assertThat(names(saved)).containsExactly("signal", "drain", "http");
        assertThat(saved.facts()).containsEntry("drainFact", 7L).containsEntry("httpFact", 7L);

        final ShutdownReport last = coordinator.finalReport();
        assertThat(names(last)).containsExactly("signal", "drain", "http", "report");
        assertThat(last.phases()).allSatisfy(p -> assertThat(p.outcome()).isEqualTo(PhaseOutcome.CLEAN));
        assertThat(last.outcome()).isEqualTo(ShutdownOutcome.CLEAN);
        assertThat(last.exitCode()).isZero();
        assertThat(last.totalMs()).isLessThan(10_000);
        assertThat(coordinator.awaitFinished(Duration.ZERO)).isTrue();

        assertThat(events).containsExactly("onStarted:SIGTERM", "shutdownStarted", "onPhase:signal:clean",
                "step:drain", "onPhase:drain:clean", "step:http", "onPhase:http:clean", "save:clean",
                "onPhase:report:clean", "onFinished:clean", "flush", "exit:0");
        assertThat(exit.haltCodes()).isEmpty();

        assertThat(registry.counter("shutdown.outcome.clean").getCount()).isEqualTo(1);
        assertThat(registry.getGauges()).containsKeys("shutdown.phase.signal.duration_ms",
                "shutdown.phase.drain.duration_ms", "shutdown.phase.http.duration_ms",
                "shutdown.phase.report.duration_ms");
        assertThat(registry.getGauges().get("shutdown.in_progress").getValue()).isEqualTo(0L);
    }

    @Test
    void aRequestBeforeStartWaitsForMarkStartedThenRuns() throws Exception {
        final ShutdownCoordinator coordinator = coordinator(
                plan(Duration.ofSeconds(10), Duration.ofSeconds(1), step("drain")));

        assertThat(coordinator.requestShutdown("SIGTERM")).isTrue();
        assertThat(coordinator.isShuttingDown()).isTrue();
        assertThat(coordinator.requestShutdown("admin task")).as("only the first request counts").isFalse();
        assertThat(store.shutdownStarted.await(200, TimeUnit.MILLISECONDS)).as("nothing runs before start").isFalse();
        assertThat(events).isEmpty();
        assertThat(coordinator.awaitFinished(Duration.ZERO)).isFalse();

        coordinator.markStarted();

        assertThat(exit.awaitExit(WAIT)).isZero();
        assertThat(events).contains("step:drain");
        assertThat(coordinator.finalReport().cause()).isEqualTo("SIGTERM");
        assertThat(names(coordinator.finalReport())).containsExactly("signal", "drain", "report");
    }

    @Test
    void theDeadlineCountsFromTheRequestNotFromTheStart() throws Exception {
        final FakeTicker ticker = new FakeTicker();
        final AtomicReference<Duration> budget = new AtomicReference<>();
        final ShutdownCoordinator coordinator = coordinator(
                plan(Duration.ofSeconds(10), Duration.ofSeconds(1), new Phase("work", Duration.ofSeconds(30), b -> {
                    budget.set(b);
                    return PhaseStep.Result.clean("done");
                })), ticker, Clock.fixed(NOW, ZoneOffset.UTC));

        coordinator.requestShutdown("SIGTERM");
        ticker.advance(Duration.ofSeconds(2));
        coordinator.markStarted();

        assertThat(exit.awaitExit(WAIT)).isZero();
        assertThat(budget.get()).as("10 s total - 1 s report reserve - 2 s of startup")
                .isEqualTo(Duration.ofSeconds(7));
        assertThat(coordinator.finalReport().totalMs()).isEqualTo(2000);
    }

    @Test
    void theReportGetsWhatThePhasesLeftLessTheReserveAndNeverLessThanTheReserve() {
        final Duration total = Duration.ofSeconds(25);
        final Duration reserve = Duration.ofSeconds(1);
        assertThat(ShutdownCoordinator.reportBudget(total, reserve, Duration.ofMillis(2200).toNanos()))
                .as("a stop whose phases took 2.2 s").isEqualTo(Duration.ofMillis(21_800));
        assertThat(ShutdownCoordinator.reportBudget(total, reserve, 0)).isEqualTo(Duration.ofSeconds(24));
        assertThat(ShutdownCoordinator.reportBudget(total, reserve, Duration.ofSeconds(23).toNanos()))
                .as("exactly the reserve left unused").isEqualTo(reserve);
        assertThat(ShutdownCoordinator.reportBudget(total, reserve, Duration.ofSeconds(24).toNanos()))
                .as("phases up to their deadline").isEqualTo(reserve);
        assertThat(ShutdownCoordinator.reportBudget(total, reserve, Duration.ofSeconds(30).toNanos()))
                .as("past the total").isEqualTo(reserve);
    }

    @Test
    void aReportSlowerThanTheReserveIsTakenWhenThePhasesLeftTimeForIt() throws Exception {
        final InMemoryReportStore slow = new InMemoryReportStore() {
            @Override
            public boolean save(ShutdownReport report) {
                try {
                    Thread.sleep(300);   // the slow store is the subject here, not a synchronisation
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("report cut off", e);
                }
                return super.save(report);
            }
        };
        slow.recordRunStarted(RUN, "instance-a", 42, "test-host", NOW.minusSeconds(3600));
        final ShutdownCoordinator coordinator = new ShutdownCoordinator(RUN, "instance-a",
                plan(Duration.ofSeconds(10), Duration.ofMillis(100), step("drain")), slow, listener, Ticker.SYSTEM,
                Clock.fixed(NOW, ZoneOffset.UTC), exit, () -> events.add("flush"));
        coordinator.markStarted();

        coordinator.requestShutdown("SIGTERM");

        assertThat(exit.awaitExit(WAIT)).as("a 300 ms report within a 100 ms reserve, 9.9 s left").isZero();
        assertThat(slow.saved()).singleElement().satisfies(r -> assertThat(r.outcome()).isEqualTo(
                ShutdownOutcome.CLEAN));
        assertThat(coordinator.finalReport().phases()).last().satisfies(p -> {
            assertThat(p.name()).isEqualTo("report");
            assertThat(p.outcome()).isEqualTo(PhaseOutcome.CLEAN);
        });
    }

    @Test
    void aHeldSignalsDeadlineCountsFromItsArrival() throws Exception {
        final FakeTicker ticker = new FakeTicker();
        final AtomicReference<Duration> budget = new AtomicReference<>();
        final ShutdownCoordinator coordinator = coordinator(
                plan(Duration.ofSeconds(10), Duration.ofSeconds(1), new Phase("work", Duration.ofSeconds(30), b -> {
                    budget.set(b);
                    return PhaseStep.Result.clean("done");
                })), ticker, Clock.fixed(NOW, ZoneOffset.UTC));
        coordinator.markStarted();
        final long arrived = ticker.nanos();
        ticker.advance(Duration.ofMillis(2500));

        coordinator.onSignal(new ReceivedSignal("SIGTERM", arrived));

        assertThat(exit.awaitExit(WAIT)).isZero();
        assertThat(budget.get()).as("10 s total - 1 s report reserve - 2.5 s since the signal")
                .isEqualTo(Duration.ofMillis(6500));
        assertThat(store.shutdownStarts()).containsExactly(
                new InMemoryReportStore.ShutdownStart(RUN, "SIGTERM", NOW.minusMillis(2500)));
        assertThat(coordinator.finalReport().totalMs()).isEqualTo(2500);
    }

    @Test
    void aShutdownRequestedWhileStartingUpIsNotLaunchedHalfInitialised() throws Exception {
        final BlockingClock clock = new BlockingClock();
        final ShutdownCoordinator coordinator = coordinator(
                plan(Duration.ofSeconds(10), Duration.ofSeconds(1), step("drain")), Ticker.SYSTEM, clock);
        final CompletableFuture<Boolean> request = CompletableFuture.supplyAsync(
                () -> coordinator.requestShutdown("SIGTERM"));
        assertThat(clock.entered.await(5, TimeUnit.SECONDS)).isTrue();

        // The request is under way (its cause and deadline not recorded yet) when the server reports started.
        coordinator.markStarted();
        assertThat(store.shutdownStarted.await(300, TimeUnit.MILLISECONDS))
                .as("the sequence must not start before the request has recorded its cause and deadline")
                .isFalse();
        clock.release.countDown();

        assertThat(request.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(exit.awaitExit(WAIT)).isZero();
        assertStartRecorded("SIGTERM");
        assertThat(coordinator.finalReport().phases())
                .allSatisfy(p -> assertThat(p.outcome()).isEqualTo(PhaseOutcome.CLEAN));
    }

    @Test
    void aHangingPhaseIsTimedOutAndTheRunStillFinishesWithinTheTotalBudget() throws Exception {
        final AtomicBoolean laterRan = new AtomicBoolean();
        final ShutdownCoordinator coordinator = coordinator(plan(Duration.ofSeconds(3), Duration.ofMillis(500),
                blocking("websockets", Duration.ofMillis(300), new CountDownLatch(1)),
                new Phase("database", Duration.ofSeconds(1), b -> {
                    laterRan.set(true);
                    return PhaseStep.Result.clean("closed");
                })));
        coordinator.markStarted();
        final long t0 = System.nanoTime();

        coordinator.requestShutdown("SIGTERM");

        assertThat(exit.awaitExit(WAIT)).isEqualTo(ExitCodes.TIMED_OUT).isEqualTo(2);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(3000);
        final ShutdownReport last = coordinator.finalReport();
        assertThat(last.outcome()).isEqualTo(ShutdownOutcome.TIMED_OUT);
        assertThat(last.totalMs()).isLessThan(last.budgetMs());
        assertThat(last.phases()).extracting(PhaseResult::outcome).containsExactly(PhaseOutcome.CLEAN,
                PhaseOutcome.TIMED_OUT, PhaseOutcome.CLEAN, PhaseOutcome.CLEAN);
        assertThat(last.phases().get(1).detail()).isEqualTo("cut off after its budget of 300 ms");
        assertThat(laterRan).isTrue();
        assertThat(store.saved()).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(ShutdownOutcome.TIMED_OUT);
            assertThat(r.exitCode()).isEqualTo(2);
        });
    }

    @Test
    void aFailingPhaseMakesTheRunFailedWithExitCodeOne() throws Exception {
        final ShutdownCoordinator coordinator = coordinator(plan(Duration.ofSeconds(10), Duration.ofSeconds(1),
                new Phase("redis", Duration.ofSeconds(1), b -> {
                    throw new IllegalStateException("cannot close");
                }),
                step("database")));
        coordinator.markStarted();

        coordinator.requestShutdown("SIGTERM");

        assertThat(exit.awaitExit(WAIT)).isEqualTo(ExitCodes.FAILED).isEqualTo(1);
        final ShutdownReport last = coordinator.finalReport();
        assertThat(last.outcome()).isEqualTo(ShutdownOutcome.FAILED);
        assertThat(last.phases().get(1).detail()).isEqualTo("IllegalStateException: cannot close");
        assertThat(events).contains("step:database");
        assertThat(store.saved()).singleElement().extracting(ShutdownReport::outcome).isEqualTo(ShutdownOutcome.FAILED);
    }

    @Test
    void aSecondSignalWhileAPhaseIsBlockedPersistsAForcedReportAndHalts() throws Exception {
        final CountDownLatch entered = new CountDownLatch(1);
        final ShutdownCoordinator coordinator = coordinator(plan(Duration.ofSeconds(20), Duration.ofSeconds(1),
                step("drain"), blocking("background", Duration.ofSeconds(15), entered)));
        coordinator.markStarted();
        coordinator.onSignal(new ReceivedSignal("SIGTERM", System.nanoTime()));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        coordinator.onSignal(new ReceivedSignal("SIGINT", System.nanoTime()));

        assertThat(exit.awaitHalt(WAIT)).isEqualTo(ExitCodes.FORCED_BY_SECOND_SIGNAL).isEqualTo(3);
        assertThat(exit.exitCodes()).isEmpty();
        assertThat(store.saved()).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(ShutdownOutcome.FORCED);
            assertThat(r.cause()).isEqualTo("SIGTERM; forced: second SIGINT received while shutting down");
            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(names(r)).containsExactly("signal", "drain");
        });
        assertThat(events).containsSubsequence("save:forced", "onFinished:forced", "flush", "halt:3");
        assertThat(coordinator.finalReport().outcome()).isEqualTo(ShutdownOutcome.FORCED);
        assertThat(coordinator.awaitFinished(Duration.ZERO)).isTrue();
        assertThat(registry.counter("shutdown.outcome.forced").getCount()).isEqualTo(1);

        // Let the abandoned sequence end (a real halt would have ended it).
        release.countDown();
        exit.awaitExit(WAIT);
    }

    @Test
    void theWatchdogForcesTheExitWhenTheBudgetIsSpent() throws Exception {
        // Startup never finishes after the request: only the watchdog can end the process.
        final ShutdownCoordinator coordinator = coordinator(plan(Duration.ofMillis(400), Duration.ofMillis(100)));
        final long t0 = System.nanoTime();

        coordinator.requestShutdown("SIGTERM");

        assertThat(exit.awaitHalt(WAIT)).isEqualTo(ExitCodes.FORCED_BY_WATCHDOG).isEqualTo(4);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(400);
        assertThat(store.saved()).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(ShutdownOutcome.FORCED);
            assertThat(r.cause()).isEqualTo("SIGTERM; forced: the total shutdown budget of 400 ms is spent (watchdog)");
            assertThat(r.exitCode()).isEqualTo(4);
            assertThat(r.phases()).isEmpty();
            assertThat(r.budgetMs()).isEqualTo(400);
        });
        assertThat(events).containsExactly("save:forced", "onFinished:forced", "flush", "halt:4");
        assertThat(exit.exitCodes()).isEmpty();
    }

    @Test
    void forceAfterTheRunFinishedOnlyHaltsWithTheFinalExitCode() throws Exception {
        final ShutdownCoordinator coordinator = coordinator(
                plan(Duration.ofSeconds(10), Duration.ofSeconds(1), step("drain")));
        coordinator.markStarted();
        coordinator.requestShutdown("SIGTERM");
        assertThat(exit.awaitExit(WAIT)).isZero();
        final ShutdownReport last = coordinator.finalReport();

        coordinator.onSignal(new ReceivedSignal("SIGTERM", System.nanoTime()));
        assertThat(exit.haltCodes()).as("a signal after the end changes nothing").isEmpty();

        coordinator.force("the total shutdown budget is spent (watchdog)", ExitCodes.FORCED_BY_WATCHDOG);

        assertThat(exit.haltCodes()).containsExactly(0);
        assertThat(coordinator.finalReport()).isSameAs(last);
        assertThat(store.saved()).singleElement().extracting(ShutdownReport::outcome)
                .isEqualTo(ShutdownOutcome.CLEAN);
        assertThat(store.latest()).get().extracting(ShutdownReport::outcome).isEqualTo(ShutdownOutcome.CLEAN);
    }

    @Test
    void snapshotShowsThePhasesFinishedSoFar() throws Exception {
        final CountDownLatch entered = new CountDownLatch(1);
        final ShutdownCoordinator coordinator = coordinator(plan(Duration.ofSeconds(20), Duration.ofSeconds(1),
                step("drain"), blocking("http", Duration.ofSeconds(15), entered)));
        coordinator.markStarted();
        coordinator.requestShutdown("admin task");
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        final ShutdownReport now = coordinator.snapshot();

        assertThat(names(now)).containsExactly("signal", "drain");
        assertThat(now.cause()).isEqualTo("admin task");
        assertThat(now.outcome()).isEqualTo(ShutdownOutcome.CLEAN);
        assertThat(coordinator.finalReport()).isNull();
        assertThat(((Gauge<?>) registry.getGauges().get("shutdown.in_progress")).getValue()).isEqualTo(1L);

        release.countDown();
        assertThat(exit.awaitExit(WAIT)).isZero();
    }

    /** A UTC clock whose first reading blocks until released. */
    private static final class BlockingClock extends Clock {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final AtomicBoolean first = new AtomicBoolean(true);

        @Override
        public Instant instant() {
            if (first.compareAndSet(true, false)) {
                entered.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return NOW;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
