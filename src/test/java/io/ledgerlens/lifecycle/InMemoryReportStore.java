package io.ledgerlens.lifecycle;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * Behaves like the SQLite store: one row per run, a report replaces the run's previous one, {@code recent} orders
 * by the run's start. Also keeps every call, in order, for assertions.
 */
class InMemoryReportStore implements ShutdownReportStore {
    record ShutdownStart(String runId, String cause, Instant at) {
    }

    private static final class Row {
        final String runId;
        final String instanceId;
        final long pid;
        final String host;
        final Instant startedAt;
        Instant heartbeatAt;
        String shutdownCause;
        Instant shutdownStartedAt;
        ShutdownReport report;

        Row(String runId, String instanceId, long pid, String host, Instant startedAt) {
            this.runId = runId;
            this.instanceId = instanceId;
            this.pid = pid;
            this.host = host;
            this.startedAt = startedAt;
        }
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final List<String> events;
    private final List<ShutdownReport> saved = new CopyOnWriteArrayList<>();
    private final List<ShutdownStart> shutdownStarts = new CopyOnWriteArrayList<>();
    final CountDownLatch shutdownStarted = new CountDownLatch(1);

    InMemoryReportStore(List<String> events) {
        this.events = events;
    }

    InMemoryReportStore() {
        this(new CopyOnWriteArrayList<>());
    }

    @Override
    public synchronized void recordRunStarted(String runId, String instanceId, long pid, String host,
                                              Instant startedAt) {
        rows.put(runId, new Row(runId, instanceId, pid, host, startedAt));
    }

    @Override
    public synchronized void recordHeartbeat(String runId, Instant at) {
        final Row row = rows.get(runId);
        if (row != null) {
            row.heartbeatAt = at;
        }
    }

    @Override
    public void recordShutdownStarted(String runId, String cause, Instant at) {
        synchronized (this) {
            final Row row = rows.get(runId);
            if (row != null) {
                row.shutdownCause = cause;
                row.shutdownStartedAt = at;
            }
        }
        shutdownStarts.add(new ShutdownStart(runId, cause, at));
        events.add("shutdownStarted");
        shutdownStarted.countDown();
    }

    @Override
    public boolean save(ShutdownReport report) {
        final boolean known;
        synchronized (this) {
            final Row row = rows.get(report.runId());
            known = row != null;
            if (known) {
                row.report = report;
            }
        }
        saved.add(report);
        events.add("save:" + report.outcome().label());
        return known;
    }

    @Override
    public boolean saveIfUnreported(ShutdownReport report) {
        synchronized (this) {
            final Row row = rows.get(report.runId());
            if (row != null && row.report != null) {
                return false;
            }
        }
        save(report);
        return true;
    }

    @Override
    public synchronized List<ShutdownReport> recent(int limit, Optional<String> instanceId) {
        return rows.values().stream()
                .filter(r -> r.report != null)
                .filter(r -> instanceId.isEmpty() || instanceId.get().equals(r.instanceId))
                .sorted(Comparator.comparing((Row r) -> r.startedAt).reversed())
                .limit(limit)
                .map(r -> r.report)
                .toList();
    }

    @Override
    public synchronized List<UnfinishedRun> unfinishedRuns(String currentRunId) {
        return rows.values().stream()
                .filter(r -> r.report == null && !r.runId.equals(currentRunId))
                .sorted(Comparator.comparing((Row r) -> r.startedAt))
                .map(r -> new UnfinishedRun(r.runId, r.instanceId, r.pid, r.host, r.startedAt, r.heartbeatAt, r.shutdownCause,
                        r.shutdownStartedAt))
                .toList();
    }

    @Override
    public Optional<ShutdownReport> latest() {
        return recent(1).stream().findFirst();
    }

    /** Every report passed to {@link #save}, in call order. */
    List<ShutdownReport> saved() {
        return List.copyOf(saved);
    }

    List<ShutdownStart> shutdownStarts() {
        return List.copyOf(shutdownStarts);
    }
}
