package io.ledgerlens.db;

import com.codahale.metrics.health.HealthCheck;

/** Admin-port health of SQLite: can a pooled connection run a query. */
public final class DatabaseHealthCheck extends HealthCheck {
    private final Database database;

    public DatabaseHealthCheck(Database database) {
        this.database = database;
    }

    @Override
    protected Result check() {
        final int one = database.jdbi().withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
        return one == 1 ? Result.healthy(database.url()) : Result.unhealthy("SELECT 1 returned " + one);
    }
}
