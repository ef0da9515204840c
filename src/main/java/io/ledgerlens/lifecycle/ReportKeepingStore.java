package io.ledgerlens.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A report store that does not lose a shutdown report when the store is unreachable at shutdown (a shared
 * PostgreSQL that is down or cut off): the report is first kept in a local file ({@link PendingReports}), then
 * saved to the store, and the file deleted once the store has it. A file left behind is saved by
 * {@link #persistPending()} at the next start on the same file system.
 */
public final class ReportKeepingStore implements ShutdownReportStore {
    private static final Logger LOG = LoggerFactory.getLogger(ReportKeepingStore.class);
    /** Within the signal phase's 1 s: the kept report carries the shutdown's cause and start anyway. */
    static final Duration SHUTDOWN_START_BUDGET = Duration.ofMillis(500);

    private final ShutdownReportStore store;
    private final PendingReports pending;

    public ReportKeepingStore(ShutdownReportStore store, PendingReports pending) {
        this.store = Objects.requireNonNull(store, "store");
        this.pending = Objects.requireNonNull(pending, "pending");
    }

    /**
     * Saves every report kept at an earlier shutdown and deletes its file; one that the store refuses stays for the
     * next start. Replaces an unclean report that another instance recorded meanwhile for the same run.
     *
     * @return how many were saved
     */
    public int persistPending() {
        final List<Path> files;
        try {
            files = pending.files();
        } catch (IOException e) {
            LOG.warn("could not list the pending shutdown reports in {}: {}", pending.dir(), e.toString());
            return 0;
        }
        int saved = 0;
        for (Path file : files) {
            try {
                final ShutdownReport report = pending.read(file);
                if (!store.save(report)) {
                    LOG.warn("pending shutdown report {} is of run {}, which this store has no record of (a file "
                            + "kept for another database?): left in place", file, report.runId());
                    continue;
                }
                pending.remove(report.runId());
                saved++;
                LOG.info("pending shutdown report saved: run={} instance={} outcome={} from {}", report.runId(),
                        report.instanceId(), report.outcome().label(), file);
            } catch (IOException | RuntimeException e) {
                LOG.warn("pending shutdown report {} not saved, kept for the next start: {}", file, e.toString());
            }
        }
        return saved;
    }

    @Override
    public boolean save(ShutdownReport report) {
        Path kept = null;
        try {
            kept = pending.keep(report);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not keep the shutdown report of run {} in {}: {}", report.runId(), pending.dir(),
                    e.toString());
        }
        final boolean saved;
        try {
            saved = store.save(report);
        } catch (RuntimeException e) {
            if (kept == null) {
                throw e;
            }
            LOG.warn("shutdown report of run {} kept in {}: the store did not take it ({}); the next start saves it",
                    report.runId(), kept, e.getMessage());
            return true;
        }
        if (kept != null && saved) {
            try {
                pending.remove(report.runId());
            } catch (IOException e) {
                LOG.warn("could not delete {} (the store has the report; the next start saves it again): {}", kept,
                        e.toString());
            }
        }
        return saved;
    }

    /** Best effort and bounded: a store that is unreachable must not hold up or fail the signal phase. */
    @Override
    public void recordShutdownStarted(String runId, String cause, Instant at) {
        if (!BoundedCall.run("shutdown-start-record", () -> store.recordShutdownStarted(runId, cause, at),
                SHUTDOWN_START_BUDGET)) {
            LOG.warn("could not record the start of the shutdown of run {} in the store within {} ms; the kept "
                    + "report will carry it", runId, SHUTDOWN_START_BUDGET.toMillis());
        }
    }

    @Override
    public void recordRunStarted(String runId, String instanceId, long pid, String host, Instant startedAt) {
        store.recordRunStarted(runId, instanceId, pid, host, startedAt);
    }

    @Override
    public void recordHeartbeat(String runId, Instant at) {
        store.recordHeartbeat(runId, at);
    }

    @Override
    public boolean saveIfUnreported(ShutdownReport report) {
        return store.saveIfUnreported(report);
    }

    @Override
    public List<ShutdownReport> recent(int limit, Optional<String> instanceId) {
        return store.recent(limit, instanceId);
    }

    @Override
    public java.util.Map<ShutdownOutcome, Long> outcomeCounts(int limit) {
        return store.outcomeCounts(limit);
    }

    @Override
    public List<UnfinishedRun> unfinishedRuns(String currentRunId) {
        return store.unfinishedRuns(currentRunId);
    }

    @Override
    public Optional<ShutdownReport> latest() {
        return store.latest();
    }
}
