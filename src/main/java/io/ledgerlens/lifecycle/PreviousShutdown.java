package io.ledgerlens.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * At start, before this run is recorded: turns every earlier run, of any instance, that has no report and is not
 * still running into an {@code unclean} report (outcome {@code forced} if its shutdown had begun, {@code failed} if
 * it never began) named for the instance whose run it was, logs the previous report and returns it. Each such run
 * is recorded, and logged, by one start only, even when instances start at once on a shared database.
 */
public final class PreviousShutdown {
    private static final Logger LOG = LoggerFactory.getLogger(PreviousShutdown.class);
    static final String UNCLEAN = "process ended without completing its shutdown (SIGKILL, crash or power loss)";

    private PreviousShutdown() {
    }

    /** Judges every unfinished run as ended (for a database that only this instance uses). */
    public static Optional<ShutdownReport> inspect(ShutdownReportStore store, String currentRunId, Clock clock) {
        return inspect(store, currentRunId, clock, run -> false);
    }

    /** @param stillRunning runs it accepts are another live instance's: left alone, not called unclean */
    public static Optional<ShutdownReport> inspect(ShutdownReportStore store, String currentRunId, Clock clock,
                                                   Predicate<ShutdownReportStore.UnfinishedRun> stillRunning) {
        for (ShutdownReportStore.UnfinishedRun run : store.unfinishedRuns(currentRunId)) {
            if (stillRunning.test(run)) {
                LOG.info("run {} (instance {}, pid {} on {}, last seen {}) is still running on this database; "
                        + "not judged", run.runId(), run.instanceId(), run.pid(), run.host(), run.lastSeen());
                continue;
            }
            final boolean shutdownBegan = run.shutdownStartedAt() != null;
            final String cause = shutdownBegan ? run.shutdownCause() + "; " + UNCLEAN : UNCLEAN;
            final ShutdownOutcome outcome = shutdownBegan ? ShutdownOutcome.FORCED : ShutdownOutcome.FAILED;
            final ShutdownReport report = new ShutdownReport(run.runId(), run.instanceId(), cause,
                    shutdownBegan ? run.shutdownStartedAt() : null, outcome, -1, -1, null, List.of(),
                    Map.of("detectedAtEpochMs", clock.millis()), true);
            if (!store.saveIfUnreported(report)) {
                // Another instance starting at the same time judged it first and logged it.
                continue;
            }
            LOG.warn("unclean previous exit: run={} instance={} pid={} host={} started={} lastSeen={} "
                            + "shutdownBegan={}: {}", run.runId(), run.instanceId(), run.pid(), run.host(),
                    run.startedAt(), run.lastSeen(), shutdownBegan, UNCLEAN);
        }
        final Optional<ShutdownReport> previous = store.latest();
        previous.ifPresentOrElse(r -> LOG.info("previous shutdown: {}", describe(r)),
                () -> LOG.info("no previous shutdown recorded: first start on this database"));
        return previous;
    }

    /** One readable line: {@code run=… [instance=…] outcome=… totalMs=… unclean=… cause=… phases=[signal clean 2ms, …]}. */
    static String describe(ShutdownReport r) {
        final StringBuilder phases = new StringBuilder();
        for (PhaseResult p : r.phases()) {
            phases.append(phases.length() == 0 ? "" : ", ").append(p.name()).append(' ').append(p.outcome().label())
                    .append(' ').append(p.durationMs()).append("ms");
        }
        return "run=" + r.runId() + (r.instanceId() == null ? "" : " instance=" + r.instanceId()) + " outcome=" + r.outcome().label() + " totalMs=" + r.totalMs() + " unclean="
                + r.unclean() + " cause=" + r.cause() + " phases=[" + phases + "]";
    }

    public static Map<ShutdownOutcome, Long> history(List<ShutdownReport> reports) {
        final Map<ShutdownOutcome, Long> counts = ShutdownOutcome.zeroCounts();
        reports.forEach(r -> counts.merge(r.outcome(), 1L, Long::sum));
        return counts;
    }
}
