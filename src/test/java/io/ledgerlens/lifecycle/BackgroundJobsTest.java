package io.ledgerlens.lifecycle;

import io.ledgerlens.testsupport.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(20)
class BackgroundJobsTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final BackgroundJobs jobs = new BackgroundJobs(Ticker.SYSTEM);
    /** Released after each test: no job thread outlives it. */
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stopEverything() throws Exception {
        release.countDown();
        jobs.stop(Duration.ofSeconds(2));
        Poll.until("every job thread to end", WAIT, () -> jobs.status().stream().noneMatch(JobStatus::running));
    }

    private static JobStatus only(BackgroundJobs jobs) {
        assertThat(jobs.status()).hasSize(1);
        return jobs.status().get(0);
    }

    @Test
    void aStartAfterTheStopStartsNothing() throws Exception {
        final AtomicBoolean ran = new AtomicBoolean();
        jobs.register("late", Duration.ZERO, WAIT, stop -> ran.set(true));

        assertThat(jobs.stop(WAIT).outcome()).isEqualTo(PhaseOutcome.CLEAN);
        jobs.start();

        assertThat(jobs.status()).allSatisfy(status -> assertThat(status.running()).isFalse());
        assertThat(ran).isFalse();
    }

    @Test
    void aUnitInProgressWhenStopIsRequestedFinishesAndThePhaseIsClean() throws Exception {
        final CountDownLatch entered = new CountDownLatch(1);
        final AtomicReference<JobUnit.StopToken> token = new AtomicReference<>();
        final AtomicBoolean unitCompleted = new AtomicBoolean();
        final AtomicBoolean sawStopRequest = new AtomicBoolean();
        final AtomicBoolean wasInterrupted = new AtomicBoolean();
        jobs.register("batch", HOUR, WAIT, stop -> {
            token.set(stop);
            entered.countDown();
            release.await();
            sawStopRequest.set(stop.stopRequested());
            wasInterrupted.set(Thread.currentThread().isInterrupted());
            unitCompleted.set(true);
        });
        jobs.start();
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        final CompletableFuture<PhaseStep.Result> stopping = CompletableFuture.supplyAsync(() -> {
            try {
                return jobs.stop(WAIT);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Poll.until("the stop request to reach the job", WAIT, () -> token.get().stopRequested());
        release.countDown();
        final PhaseStep.Result result = stopping.get(10, TimeUnit.SECONDS);

        assertThat(unitCompleted).isTrue();
        assertThat(sawStopRequest).isTrue();
        assertThat(wasInterrupted).isFalse();
        assertThat(result.outcome()).isEqualTo(PhaseOutcome.CLEAN);
        assertThat(result.detail()).startsWith("finished [batch], interrupted [], stuck [] in ");
        assertThat(result.facts()).containsEntry("jobsInterrupted", 0L).containsEntry("jobsStuck", 0L);
        final JobStatus status = only(jobs);
        assertThat(status.running()).isFalse();
        assertThat(status.unitsCompleted()).isEqualTo(1);
        assertThat(status.errors()).isZero();
    }

    @Test
    void aJobBlockedPastItsStopBudgetIsInterruptedAndTheResultTimedOut() throws Exception {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch interrupted = new CountDownLatch(1);
        jobs.register("slow", HOUR, Duration.ofMillis(100), stop -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
        });
        jobs.start();
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        final long t0 = System.nanoTime();
        final PhaseStep.Result result = jobs.stop(Duration.ofSeconds(3));
        final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertThat(interrupted.getCount()).isZero();
        assertThat(result.outcome()).isEqualTo(PhaseOutcome.TIMED_OUT);
        assertThat(result.detail()).startsWith("finished [], interrupted [slow], stuck [] in ");
        assertThat(result.facts()).containsEntry("jobsInterrupted", 1L).containsEntry("jobsStuck", 0L);
        assertThat(elapsedMs).as("waited its own 100 ms stop budget, not the phase's").isBetween(90L, 2900L);
        assertThat(only(jobs).running()).isFalse();
        assertThat(only(jobs).unitsCompleted()).isZero();
    }

    @Test
    void aJobIgnoringInterruptionIsReportedStuckAndStopReturnsWithinItsBudget() throws Exception {
        final CountDownLatch entered = new CountDownLatch(1);
        final AtomicInteger interruptsIgnored = new AtomicInteger();
        jobs.register("stubborn", HOUR, Duration.ofMillis(100), stop -> {
            entered.countDown();
            while (true) {
                try {
                    release.await();
                    return;
                } catch (InterruptedException e) {
                    interruptsIgnored.incrementAndGet();
                }
            }
        });
        jobs.start();
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        final long t0 = System.nanoTime();
        final PhaseStep.Result result = jobs.stop(Duration.ofMillis(400));
        final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertThat(result.outcome()).isEqualTo(PhaseOutcome.TIMED_OUT);
        assertThat(result.detail()).startsWith("finished [], interrupted [], stuck [stubborn] in ");
        assertThat(result.facts()).containsEntry("jobsInterrupted", 0L).containsEntry("jobsStuck", 1L);
        assertThat(elapsedMs).as("the whole budget, and not much more").isBetween(350L, 3000L);
        Poll.until("the interrupt to reach the job", WAIT, () -> interruptsIgnored.get() > 0);
        assertThat(only(jobs).running()).as("left behind, still running").isTrue();

        release.countDown();
        Poll.until("the stuck job to end once released", WAIT, () -> !only(jobs).running());
    }

    @Test
    void aFailingUnitCountsAnErrorAndTheJobKeepsRunning() throws Exception {
        final AtomicInteger calls = new AtomicInteger();
        final CountDownLatch laterUnit = new CountDownLatch(1);
        jobs.register("flaky", Duration.ofMillis(1), WAIT, stop -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("redis down");
            }
            laterUnit.countDown();
        });
        jobs.start();

        assertThat(laterUnit.await(5, TimeUnit.SECONDS)).as("ran again after the failure").isTrue();
        Poll.until("a unit to be counted", WAIT, () -> only(jobs).unitsCompleted() >= 1);
        final JobStatus status = only(jobs);
        assertThat(status.name()).isEqualTo("flaky");
        assertThat(status.errors()).isEqualTo(1);
        assertThat(status.lastError()).isEqualTo("IllegalStateException: redis down");
        assertThat(status.running()).isTrue();

        assertThat(jobs.stop(WAIT).outcome()).isEqualTo(PhaseOutcome.CLEAN);
    }

    @Test
    void aJobRegisteredAfterStartStartsAtOnce() throws Exception {
        jobs.start();
        final CountDownLatch ran = new CountDownLatch(1);
        jobs.register("late", HOUR, WAIT, stop -> ran.countDown());
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aContinuousJobWithZeroIntervalStopsCleanly() throws Exception {
        final CountDownLatch looping = new CountDownLatch(3);
        jobs.register("loop", Duration.ZERO, WAIT, stop -> looping.countDown());
        jobs.start();
        assertThat(looping.await(5, TimeUnit.SECONDS)).isTrue();

        final PhaseStep.Result result = jobs.stop(WAIT);

        assertThat(result.outcome()).isEqualTo(PhaseOutcome.CLEAN);
        assertThat(only(jobs).running()).isFalse();
    }

    @Test
    void stopWithoutStartIsCleanAndIdempotent() throws Exception {
        jobs.register("never", HOUR, WAIT, stop -> { });
        assertThat(jobs.stop(WAIT).detail()).startsWith("finished [never], interrupted [], stuck []");
        assertThat(jobs.stop(WAIT).outcome()).isEqualTo(PhaseOutcome.CLEAN);
        assertThat(new BackgroundJobs(Ticker.SYSTEM).stop(WAIT).detail()).startsWith("finished [], interrupted [], ");
    }

    @Test
    void registerRejectsBadArguments() {
        final JobUnit unit = stop -> { };
        jobs.register("a", Duration.ZERO, WAIT, unit);
        assertThatThrownBy(() -> jobs.register("a", HOUR, WAIT, unit))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a job named 'a' is already registered");
        assertThatThrownBy(() -> jobs.register("b", HOUR, Duration.ZERO, unit))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stop budget of job 'b' must be > 0, got PT0S");
        assertThatThrownBy(() -> jobs.register("b", HOUR, Duration.ofMillis(-1), unit))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> jobs.register("b", HOUR, null, unit))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> jobs.register("b", Duration.ofMillis(-1), WAIT, unit))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("interval of job 'b' must be >= 0, got PT-0.001S");
        assertThatThrownBy(() -> jobs.register("b", null, WAIT, unit))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> jobs.register(null, HOUR, WAIT, unit)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> jobs.register("b", HOUR, WAIT, null)).isInstanceOf(NullPointerException.class);
        assertThat(jobs.status()).extracting(JobStatus::name).containsExactly("a");
    }

    @Test
    void everyJobGetsGaugesWhenRegisteredEvenAfterStart() throws Exception {
        final com.codahale.metrics.MetricRegistry registry = new com.codahale.metrics.MetricRegistry();
        final BackgroundJobs withMetrics = new BackgroundJobs(Ticker.SYSTEM, registry);
        withMetrics.start();
        final java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(2);
        withMetrics.register("late", Duration.ofMillis(1), WAIT, stop -> ran.countDown());
        assertThat(ran.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        assertThat(registry.getGauges()).containsKeys("jobs.late.units", "jobs.late.errors", "jobs.late.running");
        assertThat((Long) registry.getGauges().get("jobs.late.units").getValue()).isGreaterThanOrEqualTo(1L);
        assertThat(registry.getGauges().get("jobs.late.running").getValue()).isEqualTo(1);
        withMetrics.stop(WAIT);
        assertThat(registry.getGauges().get("jobs.late.running").getValue()).isEqualTo(0);
    }

    @Test
    void aUnitWaitingOnItsOwnSignalIsWokenWhenTheStopIsRequested() throws Exception {
        final CountDownLatch waiting = new CountDownLatch(1);
        final CountDownLatch signal = new CountDownLatch(1);
        final AtomicInteger wakeCalls = new AtomicInteger();
        jobs.register("loop", HOUR, WAIT, new JobUnit() {
            @Override
            public void run(StopToken stop) throws Exception {
                while (!stop.stopRequested()) {
                    waiting.countDown();
                    // Its own long poll, as the webhook dispatcher's: only onStopRequested ends it early.
                    signal.await(1, TimeUnit.HOURS);
                }
            }

            @Override
            public void onStopRequested() {
                wakeCalls.incrementAndGet();
                signal.countDown();
            }
        });
        jobs.start();
        assertThat(waiting.await(5, TimeUnit.SECONDS)).isTrue();

        final PhaseStep.Result result = jobs.stop(WAIT);

        assertThat(result.outcome()).as(result.detail()).isEqualTo(PhaseOutcome.CLEAN);
        assertThat(result.facts()).containsEntry("jobsInterrupted", 0L);
        jobs.stop(WAIT);
        assertThat(wakeCalls).hasValue(1);
    }
}
