package io.ledgerlens.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where runs and their shutdown reports survive the process. A run is recorded when the service starts; a run
 * that has no report by the next start ended without a complete shutdown (SIGKILL, crash, power loss).
 */
public interface ShutdownReportStore {
    /** @param instanceId the instance the run belongs to ({@code INSTANCE_ID}, default the host name) */
    void recordRunStarted(String runId, String instanceId, long pid, String host, Instant startedAt);

    /** A running instance says it is alive; an instance starting on the same database reads it. */
    void recordHeartbeat(String runId, Instant at);

    void recordShutdownStarted(String runId, String cause, Instant at);

    /**
     * Saves (or replaces) the report of a recorded run.
     *
     * @return false if the store has no such run (a report kept for another store), and nothing was saved
     */
    boolean save(ShutdownReport report);

    /**
     * Saves the report of a run that has none yet. Instances that start at once on a shared database may judge the
     * same ended run: only one of them records it.
     *
     * @return true if this call recorded it, false if the run already had a report
     */
    boolean saveIfUnreported(ShutdownReport report);

    /** Newest first. */
    default List<ShutdownReport> recent(int limit) {
        return recent(limit, Optional.empty());
    }

    /** Newest first; with {@code instanceId}, only that instance's runs. */
    List<ShutdownReport> recent(int limit, Optional<String> instanceId);

    /**
     * How many of the newest {@code limit} reports ended with each outcome, every outcome present. A store that can
     * count without reading whole reports should: this runs at every start.
     */
    default Map<ShutdownOutcome, Long> outcomeCounts(int limit) {
        return PreviousShutdown.history(recent(limit));
    }

    /** Runs other than {@code currentRunId} that have no report yet, oldest first. */
    List<UnfinishedRun> unfinishedRuns(String currentRunId);

    Optional<ShutdownReport> latest();

    /** {@code instanceId} is null for a run recorded before runs named their instance. */
    record UnfinishedRun(String runId, String instanceId, long pid, String host, Instant startedAt, Instant heartbeatAt,
                         String shutdownCause, Instant shutdownStartedAt) {
        /** The last time the run was known to be alive. */
        public Instant lastSeen() {
            return heartbeatAt == null || heartbeatAt.isBefore(startedAt) ? startedAt : heartbeatAt;
        }
    }
}
