package io.ledgerlens.lifecycle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One line of the shutdown report: what a phase was allowed, what it took and how it ended. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PhaseResult(
        @JsonProperty("name") String name,
        @JsonProperty("outcome") PhaseOutcome outcome,
        @JsonProperty("durationMs") long durationMs,
        @JsonProperty("budgetMs") long budgetMs,
        @JsonProperty("detail") String detail) {
}
