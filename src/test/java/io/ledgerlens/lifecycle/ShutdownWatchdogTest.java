package io.ledgerlens.lifecycle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(20)
class ShutdownWatchdogTest {
    private final CountDownLatch fired = new CountDownLatch(1);
    private final AtomicInteger fires = new AtomicInteger();
    private final AtomicReference<Thread> firedOn = new AtomicReference<>();
    private final ShutdownWatchdog watchdog = new ShutdownWatchdog(() -> {
        firedOn.set(Thread.currentThread());
        fires.incrementAndGet();
        fired.countDown();
    });

    @Test
    void firesAfterTheBudgetWhenNotDisarmed() throws Exception {
        final long t0 = System.nanoTime();
        watchdog.arm(Duration.ofMillis(150));
        assertThat(watchdog.isArmed()).isTrue();

        assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(150);
        assertThat(firedOn.get().getName()).isEqualTo("shutdown-watchdog");
        assertThat(firedOn.get().isDaemon()).isTrue();
    }

    @Test
    void doesNotFireIfDisarmedFirst() throws Exception {
        watchdog.arm(Duration.ofMillis(100));
        watchdog.disarm();
        assertThat(watchdog.isArmed()).isFalse();

        assertThat(fired.await(400, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(fires).hasValue(0);
    }

    @Test
    void armingTwiceIsANoOp() throws Exception {
        watchdog.arm(Duration.ofMinutes(1));
        watchdog.arm(Duration.ZERO);

        assertThat(fired.await(300, TimeUnit.MILLISECONDS)).as("the zero budget was ignored").isFalse();
        assertThat(watchdog.isArmed()).isTrue();
        watchdog.disarm();
        assertThat(watchdog.isArmed()).isFalse();
    }

    @Test
    void firesOnceEvenIfArmedTwice() throws Exception {
        watchdog.arm(Duration.ofMillis(50));
        watchdog.arm(Duration.ofMillis(50));
        assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();
        final CountDownLatch never = new CountDownLatch(1);
        assertThat(never.await(200, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(fires).hasValue(1);
    }

    @Test
    void notArmedUntilArmed() {
        assertThat(watchdog.isArmed()).isFalse();
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> watchdog.arm(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be >= 0");
        assertThatNullPointerException().isThrownBy(() -> watchdog.arm(null));
        assertThatNullPointerException().isThrownBy(() -> new ShutdownWatchdog(null));
        assertThat(watchdog.isArmed()).isFalse();
    }
}
