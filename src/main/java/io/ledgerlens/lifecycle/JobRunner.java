package io.ledgerlens.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Runs one job's units on its own daemon thread, with a pause between units, until asked to stop. */
final class JobRunner implements JobUnit.StopToken {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    final String name;
    final Duration interval;
    final Duration stopBudget;
    private final JobUnit unit;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final AtomicLong unitsCompleted = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final FailureLog failures;
    private final List<Runnable> stopActions = new CopyOnWriteArrayList<>();
    private volatile String lastError;
    private volatile Thread thread;

    JobRunner(String name, Duration interval, Duration stopBudget, JobUnit unit) {
        this.name = name;
        this.interval = interval;
        this.stopBudget = stopBudget;
        this.unit = unit;
        this.failures = new FailureLog(LOG, name);
    }

    void start() {
        final Thread t = new Thread(this::loop, "job-" + name);
        // Daemon: a job that ignores interruption is reported, and must not keep the JVM alive.
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void loop() {
        while (!stopRequested()) {
            try {
                unit.run(this);
                unitsCompleted.incrementAndGet();
                failures.succeeded();
            } catch (InterruptedException e) {
                if (stopRequested()) {
                    return;
                }
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (stopRequested()) {
                    // The stop cut the unit short (a request cancelled, a wait ended): not a failure.
                    LOG.info("job {}: unit ended by the stop: {}", name, e.getMessage());
                    return;
                }
                errors.incrementAndGet();
                lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
                failures.failed(e, interval);
            }
            try {
                if (stopRequested.await(interval.toNanos(), TimeUnit.NANOSECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public boolean stopRequested() {
        return stopRequested.getCount() == 0;
    }

    @Override
    public JobUnit.Registration onStop(Runnable action) {
        stopActions.add(action);
        if (stopRequested()) {
            runOnce(action);
        }
        return () -> stopActions.remove(action);
    }

    private void runOnce(Runnable action) {
        if (stopActions.remove(action)) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warn("job {}: a stop action failed: {}", name, e.toString());
            }
        }
    }

    void requestStop() {
        if (stopRequested.getCount() == 0) {
            return;
        }
        stopRequested.countDown();
        stopActions.forEach(this::runOnce);
        try {
            unit.onStopRequested();
        } catch (RuntimeException e) {
            LOG.warn("job {}: onStopRequested failed; it notices the stop at its next check", name, e);
        }
    }

    boolean awaitExit(long nanos) throws InterruptedException {
        final Thread t = thread;
        if (t == null) {
            return true;
        }
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
        return !t.isAlive();
    }

    void interrupt() {
        final Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    JobStatus status() {
        final Thread t = thread;
        return new JobStatus(name, t != null && t.isAlive(), unitsCompleted.get(), errors.get(), lastError);
    }
}
