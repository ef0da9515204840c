package io.ledgerlens.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where runs and their shutdown reports survive the process. A run is recorded when the service starts; a run
 * that has no report by the next start ended without a complete shutdown (SIGKILL, crash, power loss).
 */
public interface ShutdownReportStore {
    void recordRunStarted(String runId, long pid, Instant startedAt);

    void recordShutdownStarted(String runId, String cause, Instant at);

    void save(ShutdownReport report);

    /** Newest first. */
    List<ShutdownReport> recent(int limit);

    /** Runs other than {@code currentRunId} that have no report yet, oldest first. */
    List<UnfinishedRun> unfinishedRuns(String currentRunId);

    Optional<ShutdownReport> latest();

    record UnfinishedRun(String runId, long pid, Instant startedAt, String shutdownCause, Instant shutdownStartedAt) {
    }
}
