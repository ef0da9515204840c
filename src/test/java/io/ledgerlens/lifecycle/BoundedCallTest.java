package io.ledgerlens.lifecycle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(20)
class BoundedCallTest {
    @Test
    void trueWhenTheCallCompletesOnANamedDaemonThread() {
        final AtomicReference<Thread> ranOn = new AtomicReference<>();
        assertThat(BoundedCall.run("persist", () -> ranOn.set(Thread.currentThread()), Duration.ofSeconds(5)))
                .isTrue();
        assertThat(ranOn.get().getName()).isEqualTo("persist");
        assertThat(ranOn.get().isDaemon()).isTrue();
    }

    @Test
    void falseWhenTheCallThrows() {
        assertThat(BoundedCall.run("persist", () -> {
            throw new IllegalStateException("database locked");
        }, Duration.ofSeconds(5))).isFalse();
    }

    @Test
    void falseAfterTheBudgetWhenTheCallHangs() {
        final CountDownLatch never = new CountDownLatch(1);
        final long t0 = System.nanoTime();
        try {
            assertThat(BoundedCall.run("hang", () -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, Duration.ofMillis(100))).isFalse();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(100L, 5000L);
        } finally {
            never.countDown();
        }
    }

    @Test
    void aCallCutOffIsInterruptedOnlyWhenAskedTo() throws Exception {
        for (boolean interrupt : new boolean[] {true, false}) {
            final CountDownLatch release = new CountDownLatch(1);
            final CountDownLatch ended = new CountDownLatch(1);
            final AtomicReference<Boolean> sawInterrupt = new AtomicReference<>();
            final BoundedCall.Ended<String> result = BoundedCall.call("slow", () -> {
                try {
                    release.await();
                    sawInterrupt.set(false);
                } catch (InterruptedException e) {
                    sawInterrupt.set(true);
                } finally {
                    ended.countDown();
                }
                return "late";
            }, TimeUnit.MILLISECONDS.toNanos(50), interrupt);
            assertThat(result.state()).isEqualTo(BoundedCall.State.TIMED_OUT);
            release.countDown();
            assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(sawInterrupt.get()).as("interrupted, when asked: %s", interrupt).isEqualTo(interrupt);
        }
    }

    @Test
    void aValueOrTheCallsOwnException() {
        assertThat(BoundedCall.call("ok", () -> "report", TimeUnit.SECONDS.toNanos(5), true))
                .isEqualTo(new BoundedCall.Ended<>(BoundedCall.State.DONE, "report", null));
        final IllegalStateException boom = new IllegalStateException("boom");
        final BoundedCall.Ended<Object> failed = BoundedCall.call("fails", () -> {
            throw boom;
        }, TimeUnit.SECONDS.toNanos(5), true);
        assertThat(failed.state()).isEqualTo(BoundedCall.State.FAILED);
        assertThat(failed.failure()).isSameAs(boom);
    }
}
