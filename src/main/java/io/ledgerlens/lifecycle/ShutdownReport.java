package io.ledgerlens.lifecycle;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one shutdown did, phase by phase. Persisted, served by the {@code shutdown-report} task. {@code instanceId}
 * names the instance whose run it is (absent for runs recorded before instances were).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ShutdownReport(
        @JsonProperty("runId") String runId,
        @JsonProperty("instanceId") String instanceId,
        @JsonProperty("cause") String cause,
        @JsonProperty("startedAt") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant startedAt,
        @JsonProperty("outcome") ShutdownOutcome outcome,
        @JsonProperty("totalMs") long totalMs,
        @JsonProperty("budgetMs") long budgetMs,
        @JsonProperty("exitCode") Integer exitCode,
        @JsonProperty("phases") List<PhaseResult> phases,
        @JsonProperty("facts") Map<String, Long> facts,
        @JsonProperty("unclean") boolean unclean) {

    public ShutdownReport {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(outcome, "outcome");
        phases = phases == null ? List.of() : List.copyOf(phases);
        facts = facts == null ? Map.of() : Map.copyOf(facts);
    }

    /** A report without an instance: the store names it from the run's row. */
    public ShutdownReport(String runId, String cause, Instant startedAt, ShutdownOutcome outcome, long totalMs,
                          long budgetMs, Integer exitCode, List<PhaseResult> phases, Map<String, Long> facts,
                          boolean unclean) {
        this(runId, null, cause, startedAt, outcome, totalMs, budgetMs, exitCode, phases, facts, unclean);
    }

    /** The report of a run whose start failed: it never served, so there was nothing to shut down. */
    public static ShutdownReport startFailed(String runId, String reason, Instant at) {
        return new ShutdownReport(runId, START_FAILED + reason, at, ShutdownOutcome.FAILED, 0, -1,
                ExitCodes.DID_NOT_START, List.of(), Map.of(), false);
    }

    public static final String START_FAILED = "start failed: ";

    public ShutdownReport withInstanceId(String newInstanceId) {
        return new ShutdownReport(runId, newInstanceId, cause, startedAt, outcome, totalMs, budgetMs, exitCode, phases,
                facts, unclean);
    }

    public ShutdownReport withOutcome(ShutdownOutcome newOutcome, Integer newExitCode) {
        return new ShutdownReport(runId, instanceId, cause, startedAt, newOutcome, totalMs, budgetMs, newExitCode, phases, facts,
                unclean);
    }
}
