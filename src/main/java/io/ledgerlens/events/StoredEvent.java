package io.ledgerlens.events;

import java.time.Instant;

/**
 * One row of the {@code events} table: what a job's write caused, numbered in commit order. {@code payload} is the
 * JSON text as stored, handed on unparsed to WebSocket clients and webhook receivers.
 */
public record StoredEvent(long sequence, String type, String subject, String payload, Instant createdAt) {
}
