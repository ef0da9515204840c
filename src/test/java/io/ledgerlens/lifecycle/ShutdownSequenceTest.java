package io.ledgerlens.lifecycle;

import io.ledgerlens.testsupport.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(20)
class ShutdownSequenceTest {
    private final FakeTicker ticker = new FakeTicker();
    private final List<PhaseResult> seen = new CopyOnWriteArrayList<>();
    private final List<PhaseStep.Result> facts = new CopyOnWriteArrayList<>();
    /** Released at the end of each test so no phase thread outlives it. */
    private final CountDownLatch never = new CountDownLatch(1);

    @AfterEach
    void releaseBlockedPhases() {
        never.countDown();
    }

    private List<PhaseResult> run(Duration total, Ticker t, Phase... phases) {
        final List<PhaseResult> results = new ShutdownSequence(List.of(phases), total, t).run(seen::add, facts::add);
        assertThat(seen).as("onPhase sees every result, in order").containsExactlyElementsOf(results);
        return results;
    }

    /** A step that records the budget it got, advances the fake clock and returns clean. */
    private PhaseStep taking(Duration took, List<String> order, List<Duration> budgets, String name) {
        return budget -> {
            order.add(name);
            budgets.add(budget);
            ticker.advance(took);
            return PhaseStep.Result.clean(name + " done");
        };
    }

    @Test
    void aPhaseThatReturnsJustPastItsBudgetSaysWhyItIsStillClean() {
        final List<PhaseResult> results = run(Duration.ofSeconds(10), ticker, new Phase("drain",
                Duration.ofSeconds(5), budget -> {
                    ticker.advance(Duration.ofMillis(5069));
                    return PhaseStep.Result.clean("max wait reached after 5069 ms");
                }));
        assertThat(results.get(0).outcome()).isEqualTo(PhaseOutcome.CLEAN);
        assertThat(results.get(0).detail()).isEqualTo("max wait reached after 5069 ms; returned 69 ms past its "
                + "budget of 5000 ms by itself (a step that waits out its whole budget, like the drain's maxWait, "
                + "ends just after it on a busy machine), so it was not cut off");
    }

    @Test
    void eachPhaseGetsTheSmallerOfItsBudgetAndWhatIsLeftAndRunsInOrder() {
        final List<String> order = new CopyOnWriteArrayList<>();
        final List<Duration> budgets = new CopyOnWriteArrayList<>();
        final List<PhaseResult> results = run(Duration.ofSeconds(10), ticker,
                new Phase("a", Duration.ofSeconds(3), taking(Duration.ofSeconds(2), order, budgets, "a")),
                // 8 s left: its own 5 s is smaller
                new Phase("b", Duration.ofSeconds(5), taking(Duration.ofSeconds(5), order, budgets, "b")),
                // 3 s left: cut from 4 s to 3 s
                new Phase("c", Duration.ofSeconds(4), taking(Duration.ofMillis(2250), order, budgets, "c")),
                // 750 ms left: cut from 4 s to exactly 750 ms, which it uses up
                new Phase("d", Duration.ofSeconds(4), taking(Duration.ofMillis(750), order, budgets, "d")),
                // nothing left
                new Phase("e", Duration.ofSeconds(1), taking(Duration.ZERO, order, budgets, "e")));

        assertThat(order).containsExactly("a", "b", "c", "d");
        assertThat(budgets).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(3),
                Duration.ofMillis(750));
        assertThat(results).extracting(PhaseResult::name).containsExactly("a", "b", "c", "d", "e");
        assertThat(results).extracting(PhaseResult::outcome).containsExactly(PhaseOutcome.CLEAN,
                PhaseOutcome.CLEAN, PhaseOutcome.CLEAN, PhaseOutcome.CLEAN, PhaseOutcome.SKIPPED);
        assertThat(results).extracting(PhaseResult::budgetMs).containsExactly(3000L, 5000L, 3000L, 750L, 0L);
        assertThat(results).extracting(PhaseResult::durationMs).containsExactly(2000L, 5000L, 2250L, 750L, 0L);
        assertThat(results.get(0).detail()).isEqualTo("a done");
    }

    @Test
    void phasesAfterTheDeadlineAreSkippedWithZeroBudgetAndNeverRun() {
        final AtomicBoolean laterRan = new AtomicBoolean();
        final PhaseStep later = b -> {
            laterRan.set(true);
            return PhaseStep.Result.clean("ran");
        };
        final List<PhaseResult> results = run(Duration.ofSeconds(1), ticker,
                new Phase("slow", Duration.ofSeconds(1), b -> {
                    ticker.advance(Duration.ofSeconds(5));
                    return PhaseStep.Result.clean("overran on the fake clock only");
                }),
                new Phase("x", Duration.ofSeconds(1), later),
                new Phase("y", Duration.ZERO, later));

        assertThat(laterRan).isFalse();
        assertThat(results.subList(1, 3)).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(PhaseOutcome.SKIPPED);
            assertThat(r.budgetMs()).isZero();
            assertThat(r.durationMs()).isZero();
            assertThat(r.detail()).isEqualTo("no time left before the deadline");
        });
    }

    @Test
    void aThrowingPhaseIsFailedWithItsMessageAndLaterPhasesStillRun() {
        final List<PhaseResult> results = run(Duration.ofSeconds(10), ticker,
                new Phase("boom", Duration.ofSeconds(1), b -> {
                    throw new IllegalStateException("disk on fire");
                }),
                new Phase("quiet", Duration.ofSeconds(1), b -> {
                    throw new IllegalStateException();
                }),
                new Phase("after", Duration.ofSeconds(1), b -> PhaseStep.Result.clean("still ran")));

        assertThat(results.get(0).outcome()).isEqualTo(PhaseOutcome.FAILED);
        assertThat(results.get(0).detail()).isEqualTo("IllegalStateException: disk on fire");
        assertThat(results.get(1).outcome()).isEqualTo(PhaseOutcome.FAILED);
        assertThat(results.get(1).detail()).isEqualTo("IllegalStateException");
        assertThat(results.get(2).outcome()).isEqualTo(PhaseOutcome.CLEAN);
        assertThat(results.get(2).detail()).isEqualTo("still ran");
        assertThat(facts).as("failed phases report no facts").hasSize(1);
    }

    @Test
    void aPhaseReturningNoResultIsFailedAndLaterPhasesStillRun() {
        final List<PhaseResult> results = run(Duration.ofSeconds(10), ticker,
                new Phase("null", Duration.ofSeconds(1), b -> null),
                new Phase("after", Duration.ofSeconds(1), b -> PhaseStep.Result.clean("still ran")));

        assertThat(results).extracting(PhaseResult::outcome).containsExactly(PhaseOutcome.FAILED, PhaseOutcome.CLEAN);
        assertThat(results.get(0).detail()).contains("no result");
    }

    @Test
    void aPhaseBlockedPastItsBudgetIsTimedOutInterruptedAndLaterPhasesStillRun() throws Exception {
        final CountDownLatch interrupted = new CountDownLatch(1);
        final AtomicReference<String> threadName = new AtomicReference<>();
        final long t0 = System.nanoTime();
        final List<PhaseResult> results = run(Duration.ofSeconds(30), Ticker.SYSTEM,
                new Phase("stuck", Duration.ofMillis(150), b -> {
                    threadName.set(Thread.currentThread().getName());
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                        throw e;
                    }
                    return PhaseStep.Result.clean("released");
                }),
                new Phase("after", Duration.ofSeconds(1), b -> PhaseStep.Result.clean("still ran")));
        final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertThat(results.get(0).outcome()).isEqualTo(PhaseOutcome.TIMED_OUT);
        assertThat(results.get(0).detail()).isEqualTo("cut off after its budget of 150 ms");
        assertThat(results.get(0).budgetMs()).isEqualTo(150);
        assertThat(results.get(0).durationMs()).isGreaterThanOrEqualTo(150);
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the phase thread was interrupted").isTrue();
        assertThat(threadName.get()).isEqualTo("shutdown-stuck");
        assertThat(results.get(1).outcome()).isEqualTo(PhaseOutcome.CLEAN);
        assertThat(elapsedMs).as("cut off near its budget, not the total").isLessThan(5000);
    }

    @Test
    void aPhaseIgnoringInterruptionDoesNotHoldUpTheNextOne() {
        final AtomicBoolean interruptSeen = new AtomicBoolean();
        final List<PhaseResult> results = run(Duration.ofSeconds(30), Ticker.SYSTEM,
                new Phase("stubborn", Duration.ofMillis(150), b -> {
                    while (true) {
                        try {
                            never.await();
                            return PhaseStep.Result.clean("released");
                        } catch (InterruptedException e) {
                            interruptSeen.set(true);
                        }
                    }
                }),
                new Phase("after", Duration.ofSeconds(1), b -> PhaseStep.Result.clean("still ran")));

        assertThat(results).extracting(PhaseResult::outcome)
                .containsExactly(PhaseOutcome.TIMED_OUT, PhaseOutcome.CLEAN);
        Poll.until("the interrupt to reach the stubborn phase", Duration.ofSeconds(5), interruptSeen::get);
    }

    @Test
    void aZeroBudgetPhaseStillDoesItsInstantWork() {
        final AtomicBoolean flag = new AtomicBoolean();
        final AtomicReference<Duration> got = new AtomicReference<>();
        final List<PhaseResult> results = run(Duration.ofSeconds(10), ticker,
                new Phase("flip", Duration.ZERO, b -> {
                    got.set(b);
                    flag.set(true);
                    return PhaseStep.Result.clean("flipped");
                }));

        assertThat(flag).isTrue();
        assertThat(got.get()).isZero();
        assertThat(results.get(0).outcome()).isEqualTo(PhaseOutcome.CLEAN);
        assertThat(results.get(0).budgetMs()).isZero();
    }

    @Test
    void stepOutcomesAndFactsArePassedOn() {
        final List<PhaseResult> results = run(Duration.ofSeconds(10), ticker,
                new Phase("drain", Duration.ofSeconds(1),
                        b -> PhaseStep.Result.clean("quiet").with("inFlightAtDrainStart", 7)),
                new Phase("http", Duration.ofSeconds(1),
                        b -> PhaseStep.Result.timedOut("2 unfinished").with("requestsUnfinishedAtHttpStop", 2)),
                new Phase("redis", Duration.ofSeconds(1), b -> PhaseStep.Result.skipped("not connected")));

        assertThat(results).extracting(PhaseResult::outcome)
                .containsExactly(PhaseOutcome.CLEAN, PhaseOutcome.TIMED_OUT, PhaseOutcome.SKIPPED);
        assertThat(results).extracting(PhaseResult::detail).containsExactly("quiet", "2 unfinished", "not connected");
        assertThat(facts).extracting(PhaseStep.Result::facts).containsExactly(
                Map.of("inFlightAtDrainStart", 7L), Map.of("requestsUnfinishedAtHttpStop", 2L), Map.of());
    }

    @Test
    void constructorRejectsANonPositiveTotal() {
        assertThatThrownBy(() -> new ShutdownSequence(List.of(), Duration.ZERO, ticker))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("total budget must be > 0, got PT0S");
        assertThatThrownBy(() -> new ShutdownSequence(List.of(), Duration.ofMillis(-5), ticker))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be > 0");
        assertThatNullPointerException().isThrownBy(() -> new ShutdownSequence(null, Duration.ofSeconds(1), ticker));
        assertThatNullPointerException().isThrownBy(() -> new ShutdownSequence(List.of(), null, ticker));
        assertThatNullPointerException().isThrownBy(() -> new ShutdownSequence(List.of(), Duration.ofSeconds(1), null));
    }
}
