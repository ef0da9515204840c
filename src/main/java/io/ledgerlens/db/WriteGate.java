package io.ledgerlens.db;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets this process's SQLite writers take turns in arrival order. SQLite's own busy handler polls with growing
 * sleeps, so a writer that arrives while busy jobs commit back to back can lose every poll and starve: the
 * shutdown's "started" record once waited past its whole phase that way. A fair lock in front of BEGIN makes any
 * writer wait for at most the transactions queued before it.
 */
public final class WriteGate {
    private final ReentrantLock lock = new ReentrantLock(true);

    /** Waits for the turn; interruptible, so a job interrupted at stop gives up its place. */
    public void enter() throws InterruptedException {
        lock.lockInterruptibly();
    }

    /** @return true if the turn came within {@code maxWait}; on false the caller writes anyway, unordered */
    public boolean tryEnter(Duration maxWait) {
        try {
            return lock.tryLock(maxWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public void leave() {
        lock.unlock();
    }

    public int waiting() {
        return lock.getQueueLength();
    }
}
