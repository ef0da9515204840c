package io.ledgerlens.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/** A delivery as the API shows it. {@code state} is pending, in_flight, delivered or dead. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Delivery(String id, String subscriptionId, Long eventSequence, String eventType, String state,
                       int attempts, Instant nextAttemptAt, Integer lastStatus, String lastError, Instant createdAt,
                       Instant updatedAt, Instant deliveredAt) {
}
