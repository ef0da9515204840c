package io.ledgerlens.api;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import io.ledgerlens.events.EventLog;
import io.ledgerlens.lifecycle.BackgroundJobs;
import io.ledgerlens.lifecycle.JobProgress;
import io.ledgerlens.lifecycle.LeaseKeeper;
import io.ledgerlens.lifecycle.LeaseStore;
import io.ledgerlens.lifecycle.JobStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jdbi.v3.core.Jdbi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code GET /api/status}: which instance answers and which one leads (runs the data jobs), and each data job's
 * position, lag, last success and last error, and its health.
 */
@Path("/api/status")
@Produces(MediaType.APPLICATION_JSON)
public final class StatusResource {
    private final String sourceName;
    private final List<JobProgress> progress;
    private final BackgroundJobs jobs;
    private final HealthCheckRegistry health;
    private final Jdbi jdbi;
    private final LeaseKeeper leadership;

    public StatusResource(String sourceName, List<JobProgress> progress, BackgroundJobs jobs,
                          HealthCheckRegistry health, Jdbi jdbi, LeaseKeeper leadership) {
        this.leadership = leadership;
        this.sourceName = sourceName;
        this.progress = List.copyOf(progress);
        this.jobs = jobs;
        this.health = health;
        this.jdbi = jdbi;
    }

    @GET
    public Map<String, Object> status() {
        final Map<String, JobStatus> running = jobs.status().stream()
                .collect(Collectors.toMap(JobStatus::name, Function.identity()));
        final List<Map<String, Object>> list = new ArrayList<>();
        for (JobProgress p : progress) {
            final JobProgress.Snapshot s = p.snapshot();
            final JobStatus status = running.get(s.name());
            final HealthCheck.Result result = health.runHealthCheck(s.name());
            final Map<String, Object> job = new LinkedHashMap<>();
            job.put("name", s.name());
            job.put("running", status != null && status.running());
            job.put("units", status == null ? 0 : status.unitsCompleted());
            job.put("position", s.position());
            job.put("lag", s.lag() < 0 ? null : s.lag());
            job.put("last_success", s.lastSuccess() == null ? null : s.lastSuccess().toString());
            job.put("last_error", s.lastError());
            job.put("last_error_at", s.lastErrorAt() == null ? null : s.lastErrorAt().toString());
            job.put("failures", s.failures());
            job.put("healthy", result.isHealthy());
            job.put("health", result.getMessage());
            list.add(job);
        }
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", sourceName);
        body.put("instance", leadership.holder());
        // The data jobs run on the lease holder only; on the others their positions are those seen at start.
        body.put("leader", leadership.current().map(LeaseStore.State::holder).orElse(null));
        body.put("this_instance_leads", leadership.isLeader());
        body.put("last_event_sequence", jdbi.withHandle(EventLog::lastSequence));
        body.put("jobs", list);
        return body;
    }
}
