package io.ledgerlens.lifecycle;

import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(20)
class QuietPeriodDrainTest {
    private static final String PROBE = "/health-check";
    private static final Duration POLL = QuietPeriodDrain.POLL;

    private final FakeTicker ticker = new FakeTicker();
    private final FakeSleeper sleeper = new FakeSleeper(ticker);
    private final DrainState drain = new DrainState();
    private final RequestTracker tracker = new RequestTracker(drain, ticker, List.of(PROBE));
    private final CountDownLatch release = new CountDownLatch(1);
    private Thread requestThread;

    @AfterEach
    void releaseRequests() throws InterruptedException {
        release.countDown();
        if (requestThread != null) {
            requestThread.join(5000);
        }
    }

    private QuietPeriodDrain drainStep(Duration minWait, Duration quietPeriod) {
        return new QuietPeriodDrain(drain, tracker, minWait, quietPeriod, ticker, sleeper);
    }

    /** A request handled on this thread that takes {@code took} on the fake clock. */
    private void request(String uri, Duration took) throws Exception {
        tracker.doFilter(FakeHttp.request(uri), new FakeHttp.Response().proxy, (req, res) -> ticker.advance(took));
    }

    /** An idle server: it served a request long before the signal. */
    private void startedAndIdle() throws Exception {
        drain.markStarted();
        request("/api/ledger", Duration.ofMillis(10));
        ticker.advance(Duration.ofMinutes(1));
    }

    @Test
    void withNoTrafficTheDrainEndsExactlyOneQuietPeriodAfterItStarted() throws Exception {
        startedAndIdle();
        final long start = ticker.nanos();

        final PhaseStep.Result result = drainStep(Duration.ZERO, Duration.ofSeconds(1)).run(Duration.ofSeconds(5));

        assertThat(ticker.since(start)).isEqualTo(Duration.ofSeconds(1));
        assertThat(result.outcome()).isEqualTo(PhaseOutcome.CLEAN);
        assertThat(result.detail()).isEqualTo("quiet after 1000 ms");
        assertThat(result.facts()).containsEntry("inFlightAtDrainStart", 0L);
        assertThat(sleeper.sleeps()).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(POLL));
    }

    @Test
    void aQuietPeriodOffThePollGridEndsAtTheFirstPollAfterIt() throws Exception {
        startedAndIdle();
        final long start = ticker.nanos();

        drainStep(Duration.ZERO, Duration.ofMillis(1010)).run(Duration.ofSeconds(5));

        assertThat(ticker.since(start)).isGreaterThanOrEqualTo(Duration.ofMillis(1010))
                .isLessThan(Duration.ofMillis(1010).plus(POLL));
    }

    @Test
    void aMinWaitLongerThanTheQuietPeriodHoldsTheDrain() throws Exception {
        startedAndIdle();
        final long start = ticker.nanos();

        final PhaseStep.Result result = drainStep(Duration.ofSeconds(3), Duration.ofSeconds(1))
                .run(Duration.ofSeconds(5));

        assertThat(ticker.since(start)).isEqualTo(Duration.ofSeconds(3));
        assertThat(result.detail()).isEqualTo("quiet after 3000 ms");
    }

    @Test
    void activityDuringTheDrainPushesTheEndToLastActivityPlusQuietPeriod() throws Exception {
        startedAndIdle();
        final long start = ticker.nanos();
        sleeper.afterEachSleep(() -> {
            if (ticker.since(start).equals(Duration.ofMillis(300))) {
                try {
                    // Arrives at 300 ms, takes 100 ms: traffic last seen at 400 ms.
                    request("/api/ledger", Duration.ofMillis(100));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        });

        final PhaseStep.Result result = drainStep(Duration.ZERO, Duration.ofSeconds(1)).run(Duration.ofSeconds(5));

        assertThat(ticker.since(start)).isEqualTo(Duration.ofMillis(1400));
        assertThat(result.detail()).isEqualTo("quiet after 1400 ms");
    }

    @Test
    void probesDuringTheDrainAreNotActivity() throws Exception {
        startedAndIdle();
        final long start = ticker.nanos();
        sleeper.afterEachSleep(() -> {
            if (ticker.since(start).equals(Duration.ofMillis(300))) {
                try {
                    request(PROBE, Duration.ofMillis(100));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        });

        drainStep(Duration.ZERO, Duration.ofSeconds(1)).run(Duration.ofSeconds(5));

        assertThat(ticker.since(start)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void maxWaitCapsTheDrainWithRequestsStillInFlight() throws Exception {
        drain.markStarted();
        final CountDownLatch entered = new CountDownLatch(1);
        final FilterChain blocking = (req, res) -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        requestThread = new Thread(() -> {
            try {
                tracker.doFilter(FakeHttp.request("/api/export"), new FakeHttp.Response().proxy, blocking);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "slow-request");
        requestThread.start();
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        ticker.advance(Duration.ofMinutes(1));
        final long start = ticker.nanos();

        final PhaseStep.Result result = drainStep(Duration.ZERO, Duration.ofMillis(500)).run(Duration.ofMillis(2010));

        assertThat(ticker.since(start)).as("never later than the budget").isEqualTo(Duration.ofMillis(2010));
        assertThat(result.outcome()).isEqualTo(PhaseOutcome.CLEAN);
        assertThat(result.detail()).isEqualTo("max wait reached after 2010 ms, 1 request(s) still in flight");
        assertThat(result.facts()).containsEntry("inFlightAtDrainStart", 1L);
    }

    @Test
    void maxWaitCapsAQuietPeriodLongerThanTheBudget() throws Exception {
        startedAndIdle();
        final long start = ticker.nanos();

        final PhaseStep.Result result = drainStep(Duration.ZERO, Duration.ofSeconds(5)).run(Duration.ofSeconds(1));

        assertThat(ticker.since(start)).isEqualTo(Duration.ofSeconds(1));
        assertThat(result.detail()).startsWith("max wait reached after 1000 ms, 0 request(s)");
    }

    @Test
    void aZeroBudgetReturnsAtOnce() throws Exception {
        startedAndIdle();
        final long start = ticker.nanos();

        final PhaseStep.Result result = drainStep(Duration.ZERO, Duration.ofSeconds(1)).run(Duration.ZERO);

        assertThat(ticker.nanos()).isEqualTo(start);
        assertThat(sleeper.sleeps()).isEmpty();
        assertThat(result.detail()).startsWith("max wait reached after 0 ms");
        assertThat(drain.isReady()).isFalse();
    }

    @Test
    void aServerThatNeverStartedIsSkippedButStillDrained() throws Exception {
        final long start = ticker.nanos();

        final PhaseStep.Result result = drainStep(Duration.ofSeconds(1), Duration.ofSeconds(1))
                .run(Duration.ofSeconds(5));

        assertThat(result.outcome()).isEqualTo(PhaseOutcome.SKIPPED);
        assertThat(result.detail()).isEqualTo("the server never became ready: nothing to drain");
        assertThat(result.facts()).containsEntry("inFlightAtDrainStart", 0L);
        assertThat(drain.isDraining()).isTrue();
        assertThat(drain.isShuttingDown()).isTrue();
        assertThat(drain.status()).isEqualTo("shutting_down");
        assertThat(ticker.nanos()).isEqualTo(start);
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void readinessFlipsAtTheVeryStartOfTheDrain() throws Exception {
        startedAndIdle();
        assertThat(drain.isReady()).isTrue();
        final AtomicReference<Boolean> readyAtFirstTick = new AtomicReference<>();
        final AtomicReference<Boolean> readyAtFirstSleep = new AtomicReference<>();
        final Ticker observing = () -> {
            readyAtFirstTick.compareAndSet(null, drain.isReady());
            return ticker.nanos();
        };
        sleeper.afterEachSleep(() -> readyAtFirstSleep.compareAndSet(null, drain.isReady()));

        new QuietPeriodDrain(drain, tracker, Duration.ZERO, Duration.ofSeconds(1), observing, sleeper)
                .run(Duration.ofSeconds(5));

        assertThat(readyAtFirstTick.get()).isFalse();
        assertThat(readyAtFirstSleep.get()).isFalse();
        assertThat(drain.status()).isEqualTo("shutting_down");
    }

    @Test
    void negativeWaitsAreRejected() {
        assertThatThrownBy(() -> drainStep(Duration.ofMillis(-1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("minWait must be >= 0");
        assertThatThrownBy(() -> drainStep(Duration.ZERO, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("quietPeriod must be >= 0");
    }
}
