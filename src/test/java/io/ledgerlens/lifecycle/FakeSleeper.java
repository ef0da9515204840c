package io.ledgerlens.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** "Sleeps" by advancing a {@link FakeTicker}; a hook runs after each sleep so tests can inject traffic. */
final class FakeSleeper implements Sleeper {
    /** A polling loop that never ends would otherwise hang the test instead of failing it. */
    private static final int MAX_SLEEPS = 1_000_000;

    private final FakeTicker ticker;
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private volatile Runnable afterEachSleep = () -> { };

    FakeSleeper(FakeTicker ticker) {
        this.ticker = ticker;
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new AssertionError("asked to sleep a non-positive duration: " + duration);
        }
        if (sleeps.size() >= MAX_SLEEPS) {
            throw new AssertionError("more than " + MAX_SLEEPS + " sleeps: the caller never stops polling");
        }
        sleeps.add(duration);
        ticker.advance(duration);
        afterEachSleep.run();
    }

    void afterEachSleep(Runnable hook) {
        this.afterEachSleep = hook;
    }

    List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }
}
