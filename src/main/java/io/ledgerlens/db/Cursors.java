package io.ledgerlens.db;

import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.Optional;

/** The jobs' stored positions; written in the same transaction as the data a job stored up to them. */
public final class Cursors {
    private Cursors() {
    }

    public static Optional<String> get(Handle handle, String name) {
        return handle.createQuery("SELECT position FROM cursors WHERE name = :name")
                .bind("name", name).mapTo(String.class).findOne();
    }

    public static void put(Handle handle, String name, String position, Instant at) {
        final int updated = handle.createUpdate("UPDATE cursors SET position = :position, updated_at = :at "
                        + "WHERE name = :name")
                .bind("name", name).bind("position", position).bind("at", at.toString()).execute();
        if (updated == 0) {
            handle.createUpdate("INSERT INTO cursors (name, position, updated_at) VALUES (:name, :position, :at)")
                    .bind("name", name).bind("position", position).bind("at", at.toString()).execute();
        }
    }
}
