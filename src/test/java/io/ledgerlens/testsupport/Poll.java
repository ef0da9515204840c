package io.ledgerlens.testsupport;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, checking every 20 ms: the alternative to sleeping in a test. */
public final class Poll {
    private static final long STEP_MS = 20;

    private Poll() {
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        untilPresent(what, timeout, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }

    public static <T> T untilPresent(String what, Duration timeout, Supplier<Optional<T>> supplier) {
        final long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            final Optional<T> value = supplier.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            try {
                Thread.sleep(STEP_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what, e);
            }
        }
    }
}
