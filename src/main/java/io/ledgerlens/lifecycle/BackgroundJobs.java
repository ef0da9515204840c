package io.ledgerlens.lifecycle;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The service's background jobs, each on its own thread. Stopping asks every job at once to stop after the unit
 * in hand, waits for each up to its own budget (cut to the phase's), then interrupts the ones still running and
 * gives them a short grace; a job that ignores interruption is reported as stuck and left behind (its thread is
 * a daemon), never waited on past the budget.
 */
public final class BackgroundJobs implements StoppableResource {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundJobs.class);
    static final Duration INTERRUPT_GRACE = Duration.ofMillis(250);

    private final List<JobRunner> jobs = new CopyOnWriteArrayList<>();
    private final Ticker ticker;
    private final MetricRegistry metrics;
    private volatile boolean started;
    private boolean stopped;

    /** Each job registered gets gauges {@code jobs.<name>.units}, {@code .errors} and {@code .running} (1/0). */
    public BackgroundJobs(Ticker ticker, MetricRegistry metrics) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** For tests and embedders that do not read the metrics. */
    public BackgroundJobs(Ticker ticker) {
        this(ticker, new MetricRegistry());
    }

    /**
     * Synchronized with {@link #start}: a job registered while the jobs start must be started exactly once.
     *
     * @param interval   pause between two units (zero: a long-running job that loops continuously)
     * @param stopBudget how long a stop waits for this job's current unit before interrupting it
     */
    public synchronized void register(String name, Duration interval, Duration stopBudget, JobUnit unit) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        if (interval == null || interval.isNegative()) {
            throw new IllegalArgumentException("interval of job '" + name + "' must be >= 0, got " + interval);
        }
        if (stopBudget == null || stopBudget.isNegative() || stopBudget.isZero()) {
            throw new IllegalArgumentException("stop budget of job '" + name + "' must be > 0, got " + stopBudget);
        }
        if (jobs.stream().anyMatch(j -> j.name.equals(name))) {
            throw new IllegalArgumentException("a job named '" + name + "' is already registered");
        }
        final JobRunner runner = new JobRunner(name, interval, stopBudget, unit);
        jobs.add(runner);
        metrics.register("jobs." + name + ".units", (Gauge<Long>) () -> runner.status().unitsCompleted());
        metrics.register("jobs." + name + ".errors", (Gauge<Long>) () -> runner.status().errors());
        metrics.register("jobs." + name + ".running", (Gauge<Integer>) () -> runner.status().running() ? 1 : 0);
        if (started) {
            runner.start();
        }
    }

    @Override
    /** Starts every job registered; later registrations start at once. After {@link #stop}, does nothing. */
    public synchronized void start() {
        if (!started && !stopped) {
            started = true;
            jobs.forEach(JobRunner::start);
        }
    }

    public List<JobStatus> status() {
        return jobs.stream().map(JobRunner::status).toList();
    }

    @Override
    public PhaseStep.Result stop(Duration budget) throws InterruptedException {
        synchronized (this) {
            stopped = true;
        }
        final long start = ticker.nanos();
        final long graceNanos = Math.min(INTERRUPT_GRACE.toNanos(), budget.toNanos() / 4);
        final long waitEnd = start + budget.toNanos() - graceNanos;
        jobs.forEach(JobRunner::requestStop);

        final List<String> finished = new ArrayList<>();
        final List<JobRunner> overran = new ArrayList<>();
        for (JobRunner job : jobs) {
            final long jobEnd = Math.min(start + job.stopBudget.toNanos(), waitEnd);
            if (job.awaitExit(Math.max(0, jobEnd - ticker.nanos()))) {
                finished.add(job.name);
            } else {
                overran.add(job);
            }
        }
        overran.forEach(JobRunner::interrupt);
        final List<String> interrupted = new ArrayList<>();
        final List<String> stuck = new ArrayList<>();
        for (JobRunner job : overran) {
            if (job.awaitExit(Math.max(0, start + budget.toNanos() - ticker.nanos()))) {
                interrupted.add(job.name);
            } else {
                stuck.add(job.name);
                LOG.error("job {} ignored interruption and is still running; it is left behind", job.name);
            }
        }
        final String detail = "finished " + finished + ", interrupted " + interrupted + ", stuck " + stuck
                + " in " + TimeUnit.NANOSECONDS.toMillis(ticker.nanos() - start) + " ms";
        final PhaseStep.Result result = overran.isEmpty() ? PhaseStep.Result.clean(detail)
                : PhaseStep.Result.timedOut(detail);
        return result.with("jobsInterrupted", interrupted.size()).with("jobsStuck", stuck.size());
    }
}
