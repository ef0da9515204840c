package io.ledgerlens.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Owns the shutdown: the first request starts the sequence (signal, the plan's phases, report) under one
 * deadline; a second request forces the exit; a watchdog forces it when the total budget is spent.
 */
public final class ShutdownCoordinator {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownCoordinator.class);
    static final Duration SIGNAL_BUDGET = Duration.ofSeconds(1);
    static final Duration FORCED_PERSIST_BUDGET = Duration.ofMillis(1500);

    /** CLAIMED: a request won, its cause and deadline are being recorded; REQUESTED: they are, it may launch. */
    private enum State { IDLE, CLAIMED, REQUESTED, RUNNING, FINISHED }

    private final String runId;
    private final String instanceId;
    private final ShutdownPlan plan;
    private final ShutdownReportStore store;
    private final ShutdownListener listener;
    private final Ticker ticker;
    private final Clock clock;
    private final ProcessExit exit;
    private final Runnable flushLogging;
    private final ShutdownWatchdog watchdog;

    private final AtomicReference<State> state = new AtomicReference<>(State.IDLE);
    private final List<PhaseResult> done = new CopyOnWriteArrayList<>();
    private final Map<String, Long> facts = new ConcurrentHashMap<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean started;
    private volatile String cause;
    private volatile long requestedAtNanos;
    private volatile Instant requestedAt;
    private volatile ShutdownReport finalReport;

    /**
     * @param instanceId the instance this run belongs to, named in its report
     * @param flushLogging runs last, just before the process exits: nothing is logged after it
     */
    public ShutdownCoordinator(String runId, String instanceId, ShutdownPlan plan, ShutdownReportStore store, ShutdownListener listener,
                               Ticker ticker, Clock clock, ProcessExit exit, Runnable flushLogging) {
        this.runId = Objects.requireNonNull(runId, "runId");
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.store = Objects.requireNonNull(store, "store");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.exit = Objects.requireNonNull(exit, "exit");
        this.flushLogging = Objects.requireNonNull(flushLogging, "flushLogging");
        this.watchdog = new ShutdownWatchdog(() -> force("the total shutdown budget of "
                + plan.total().toMillis() + " ms is spent (watchdog)", ExitCodes.FORCED_BY_WATCHDOG));
    }

    /** Called once the server is serving; a shutdown requested before that runs now. */
    public void markStarted() {
        started = true;
        if (state.get() == State.REQUESTED) {
            launch();
        }
    }

    /**
     * Starts the shutdown with {@code cause}; returns false if one was already requested. A request during
     * startup is remembered and carried out as soon as the server has started, under the same deadline.
     */
    public boolean requestShutdown(String cause) {
        return requestShutdown(cause, ticker.nanos());
    }

    /** As {@link #requestShutdown(String)}, for a request that arrived at {@code atNanos} (a held signal). */
    public boolean requestShutdown(String cause, long atNanos) {
        Objects.requireNonNull(cause, "cause");
        if (!state.compareAndSet(State.IDLE, State.CLAIMED)) {
            return false;
        }
        final long now = ticker.nanos();
        final long age = Math.max(0, now - atNanos);
        this.cause = cause;
        this.requestedAt = clock.instant().minusNanos(age);
        this.requestedAtNanos = now - age;
        watchdog.arm(plan.total().minusNanos(Math.min(age, plan.total().toNanos())));
        // Only now may markStarted launch it: launched earlier, the sequence would run without cause or deadline.
        state.set(State.REQUESTED);
        if (started) {
            launch();
        } else {
            LOG.info("shutdown requested during startup: cause={}; it runs as soon as the server has started", cause);
        }
        return true;
    }

    /** A signal: the first starts the shutdown, another one while it runs forces the exit. */
    public void onSignal(ReceivedSignal signal) {
        if (requestShutdown(signal.name(), signal.atNanos())) {
            return;
        }
        if (state.get() != State.FINISHED) {
            force("second " + signal.name() + " received while shutting down", ExitCodes.FORCED_BY_SECOND_SIGNAL);
        }
    }

    public boolean isShuttingDown() {
        return state.get() != State.IDLE;
    }

    public ShutdownPlan plan() {
        return plan;
    }

    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    public ShutdownReport finalReport() {
        return finalReport;
    }

    /** The report as it stands: the phases finished so far. */
    public ShutdownReport snapshot() {
        final ShutdownOutcome outcome = ShutdownOutcome.of(done);
        return new ShutdownReport(runId, instanceId, cause, requestedAt, outcome, elapsedMs(), plan.total().toMillis(),
                ExitCodes.of(outcome), List.copyOf(done), Map.copyOf(facts), false);
    }

    private void launch() {
        if (state.compareAndSet(State.REQUESTED, State.RUNNING)) {
            final Thread thread = new Thread(this::runSequence, "shutdown-coordinator");
            // Not a daemon (signal handler threads are, and threads inherit it): once Jetty has stopped, this
            // thread is what keeps the JVM alive until the last phase is done.
            thread.setDaemon(false);
            thread.start();
        }
    }

    private void runSequence() {
        LOG.info("shutdown started: cause={} run={} plan: {}", cause, runId, plan.describe());
        final List<Phase> phases = new ArrayList<>();
        phases.add(new Phase("signal", SIGNAL_BUDGET, this::signalStep));
        phases.addAll(plan.phases());
        // The deadline counts from the request, not from now: time spent waiting for startup is spent.
        final long mainNanos = plan.total().minus(plan.reportReserve()).toNanos() - (ticker.nanos() - requestedAtNanos);
        new ShutdownSequence(phases, Duration.ofNanos(Math.max(1, mainNanos)), ticker)
                .run(this::phaseDone, r -> facts.putAll(r.facts()));
        final Duration reportBudget = reportBudget(plan.total(), plan.reportReserve(),
                ticker.nanos() - requestedAtNanos);
        new ShutdownSequence(List.of(new Phase("report", reportBudget, this::reportStep)), reportBudget, ticker)
                .run(this::phaseDone, r -> { });

        final ShutdownReport report = snapshot();
        finalReport = report;
        state.set(State.FINISHED);
        LOG.info("shutdown finished: outcome={} totalMs={} budgetMs={} exitCode={}", report.outcome().label(),
                report.totalMs(), report.budgetMs(), report.exitCode());
        listener.onFinished(report);
        finished.countDown();
        flushLogging.run();
        exit.exit(report.exitCode());
    }

    private PhaseStep.Result signalStep(Duration budget) {
        listener.onStarted(cause, plan);
        store.recordShutdownStarted(runId, cause, requestedAt);
        return PhaseStep.Result.clean("cause " + cause);
    }

    /**
     * What the report may take: the time the phases left unused, less the reserve, which stays free for the summary,
     * the logging flush and the exit before the watchdog's deadline; never less than the reserve itself. A store slowed
     * by a loaded machine (a new PostgreSQL connection at the end of a stop) then still takes the report in a stop that
     * ended early, instead of the report being cut off after the reserve and the run exiting as timed out.
     */
    static Duration reportBudget(Duration total, Duration reserve, long elapsedNanos) {
        final long unused = total.toNanos() - Math.max(0, elapsedNanos) - reserve.toNanos();
        return Duration.ofNanos(Math.max(reserve.toNanos(), unused));
    }

    private PhaseStep.Result reportStep(Duration budget) {
        store.save(snapshot());
        return PhaseStep.Result.clean("report persisted");
    }

    private void phaseDone(PhaseResult r) {
        done.add(r);
        LOG.info("shutdown phase={} outcome={} durationMs={} budgetMs={} detail={}", r.name(), r.outcome().label(),
                r.durationMs(), r.budgetMs(), r.detail());
        listener.onPhase(r);
    }

    /** Ends the process now, after a bounded attempt to record why. */
    void force(String reason, int exitCode) {
        final ShutdownReport last = finalReport;
        if (last != null) {
            // Finished already and on its way out: only make sure it gets out.
            exit.halt(last.exitCode());
            return;
        }
        LOG.error("forcing exit with code {}: {}; phases finished: {}", exitCode, reason,
                done.stream().map(PhaseResult::name).toList());
        final ShutdownReport snapshot = snapshot();
        final ShutdownReport forced = new ShutdownReport(runId, instanceId, snapshot.cause() + "; forced: " + reason,
                snapshot.startedAt(), ShutdownOutcome.FORCED, snapshot.totalMs(), snapshot.budgetMs(), exitCode,
                snapshot.phases(), snapshot.facts(), false);
        BoundedCall.run("shutdown-forced-persist", () -> store.save(forced), FORCED_PERSIST_BUDGET);
        listener.onFinished(forced);
        finalReport = forced;
        finished.countDown();
        exit.haltAfterFlushing(flushLogging, exitCode);
    }

    private long elapsedMs() {
        return requestedAt == null ? 0 : TimeUnit.NANOSECONDS.toMillis(ticker.nanos() - requestedAtNanos);
    }
}
