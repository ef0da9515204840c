package io.ledgerlens.lifecycle;

/** A background job as seen from outside: is its thread alive, how many units it finished, how many failed. */
public record JobStatus(String name, boolean running, long unitsCompleted, long errors, String lastError) {
}
