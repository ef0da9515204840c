package io.ledgerlens.webhooks;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * A delivery as the API shows it. {@code state} is pending, in_flight, delivered or dead; instants are ISO-8601
 * text, as everywhere else in the API.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Delivery(String id, String subscriptionId, Long eventSequence, String eventType, String state,
                       int attempts, @JsonFormat(shape = JsonFormat.Shape.STRING) Instant nextAttemptAt,
                       Integer lastStatus, String lastError,
                       @JsonFormat(shape = JsonFormat.Shape.STRING) Instant createdAt,
                       @JsonFormat(shape = JsonFormat.Shape.STRING) Instant updatedAt,
                       @JsonFormat(shape = JsonFormat.Shape.STRING) Instant deliveredAt) {
}
