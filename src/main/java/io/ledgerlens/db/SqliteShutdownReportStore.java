package io.ledgerlens.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.ledgerlens.lifecycle.ShutdownOutcome;
import io.ledgerlens.lifecycle.ShutdownReport;
import io.ledgerlens.lifecycle.ShutdownReportStore;

import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Runs and shutdown reports in {@code lifecycle_runs}. Each call opens its own short-lived connection instead of
 * borrowing from the pool: the report is written after the pool has been closed (so it can include the database
 * phase) and, on a forced exit, from whatever state the pool is in.
 */
public final class SqliteShutdownReportStore implements ShutdownReportStore {
    private static final Duration GATE_WAIT = Duration.ofSeconds(1);
    private final String url;
    private final Properties properties;
    private final ObjectMapper mapper;
    private final ObjectWriter reportWriter;
    private final WriteGate gate;

    public SqliteShutdownReportStore(String url, Properties properties, ObjectMapper mapper, WriteGate gate) {
        this.url = url;
        this.properties = properties;
        this.mapper = mapper;
        // Built now, at start: Jackson prefetches the serializers of a writer for a final root type. Built at the
        // first save, inside the shutdown's budget, they took 10-19 ms of an idle stop of about 150 ms.
        this.reportWriter = mapper.writerFor(ShutdownReport.class);
        this.gate = gate;
    }

    public SqliteShutdownReportStore(String url, Properties properties, ObjectMapper mapper) {
        this(url, properties, mapper, new WriteGate());
    }

    @Override
    public void recordRunStarted(String runId, String instanceId, long pid, String host, Instant startedAt) {
        update("INSERT INTO lifecycle_runs (run_id, instance_id, pid, host, started_at) VALUES (?, ?, ?, ?, ?)", runId,
                instanceId, pid, host, startedAt.toString());
    }

    @Override
    public void recordHeartbeat(String runId, Instant at) {
        update("UPDATE lifecycle_runs SET heartbeat_at = ? WHERE run_id = ?", at.toString(), runId);
    }

    @Override
    public void recordShutdownStarted(String runId, String cause, Instant at) {
        update("UPDATE lifecycle_runs SET shutdown_cause = ?, shutdown_started_at = ? WHERE run_id = ?", cause,
                at.toString(), runId);
    }

    @Override
    public boolean save(ShutdownReport report) {
        return update("UPDATE lifecycle_runs SET outcome = ?, report_json = ?, reported_at = ? WHERE run_id = ?",
                report.outcome().label(), json(report), Instant.now().toString(), report.runId()) == 1;
    }

    @Override
    public boolean saveIfUnreported(ShutdownReport report) {
        // On PostgreSQL a second UPDATE of the row waits for the first and then reads its outcome: one of two
        // instances that judge the same run at once updates it.
        return update("UPDATE lifecycle_runs SET outcome = ?, report_json = ?, reported_at = ? "
                        + "WHERE run_id = ? AND outcome IS NULL",
                report.outcome().label(), json(report), Instant.now().toString(), report.runId()) == 1;
    }

    private String json(ShutdownReport report) {
        try {
            return reportWriter.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<ShutdownReport> recent(int limit, Optional<String> instanceId) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
        final String select = "SELECT report_json, instance_id FROM lifecycle_runs WHERE report_json IS NOT NULL ";
        final RowMapper<ShutdownReport> reports = rs -> {
            final ShutdownReport report = readReport(rs.getString(1));
            return report.instanceId() == null ? report.withInstanceId(rs.getString(2)) : report;
        };
        return instanceId.isPresent()
                ? query(select + "AND instance_id = ? ORDER BY started_at DESC LIMIT ?", reports, instanceId.get(),
                        limit)
                : query(select + "ORDER BY started_at DESC LIMIT ?", reports, limit);
    }

    @Override
    public Map<ShutdownOutcome, Long> outcomeCounts(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
        final Map<ShutdownOutcome, Long> counts = ShutdownOutcome.zeroCounts();
        // The outcome column, not the reports' JSON: this runs at every start, over up to 100 reports.
        query("SELECT outcome, COUNT(*) FROM (SELECT outcome FROM lifecycle_runs WHERE report_json IS NOT NULL "
                + "ORDER BY started_at DESC LIMIT ?) AS recent GROUP BY outcome",
                rs -> Map.entry(ShutdownOutcome.fromLabel(rs.getString(1)), rs.getLong(2)), limit)
                .forEach(row -> counts.put(row.getKey(), row.getValue()));
        return counts;
    }

    @Override
    public Optional<ShutdownReport> latest() {
        return recent(1).stream().findFirst();
    }

    @Override
    public List<UnfinishedRun> unfinishedRuns(String currentRunId) {
        return query("SELECT run_id, instance_id, pid, host, started_at, heartbeat_at, shutdown_cause, "
                + "shutdown_started_at FROM lifecycle_runs WHERE outcome IS NULL AND run_id <> ? ORDER BY started_at",
                rs -> new UnfinishedRun(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        instant(rs.getString(5)), instant(rs.getString(6)), rs.getString(7), instant(rs.getString(8))),
                currentRunId);
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    private ShutdownReport readReport(String json) {
        try {
            return mapper.readValue(json, ShutdownReport.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the number of rows changed */
    private int update(String sql, Object... args) {
        // Bounded: on a forced exit the gate may be held by a job that will never leave it.
        final boolean inTurn = gate.tryEnter(GATE_WAIT);
        try (Connection c = DriverManager.getConnection(url, properties);
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("lifecycle_runs: " + e.getMessage(), e);
        } finally {
            if (inTurn) {
                gate.leave();
            }
        }
    }

    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        try (Connection c = DriverManager.getConnection(url, properties);
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            final List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("lifecycle_runs: " + e.getMessage(), e);
        }
    }
}
