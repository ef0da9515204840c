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
}
