package io.ledgerlens.it;

import io.ledgerlens.events.EventLog;

import java.time.Instant;

/** Writes to the running application's event log as a data job does: one transaction, through the write gate. */
final class StoredEvents {
    /** An issuer that the simulated network never uses, so that a test's asset channel carries its events only. */
    static final String ISSUER = "G" + "T".repeat(55);

    private StoredEvents() {
    }

    static String asset(String code) {
        return code + ":" + ISSUER;
    }

    /** @return the sequence given to the event */
    static long append(TestApp app, String type, String subject, String payloadJson) {
        try {
            return app.wiring().database().inTransaction(h -> EventLog.append(h, type, subject, payloadJson,
                    Instant.now()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted writing an event", e);
        }
    }

    static long appendAsset(TestApp app, String code, String payloadJson) {
        return append(app, "asset.updated", asset(code), payloadJson);
    }
}
