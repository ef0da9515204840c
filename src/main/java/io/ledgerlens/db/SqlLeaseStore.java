package io.ledgerlens.db;

import io.ledgerlens.lifecycle.LeaseStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Leases in the {@code leases} table. Every change is one conditional UPDATE, so two instances racing for a free
 * lease cannot both win; the token only grows, which is what makes it a fencing token. Time is the database's. A
 * holder whose run a start has recorded as ended (see {@code PreviousShutdown}) loses the lease at once: a restart
 * after a crash does not wait out the TTL.
 */
public final class SqlLeaseStore implements LeaseStore {
    private final Jdbi jdbi;
    private final String nowMs;

    public SqlLeaseStore(Jdbi jdbi, Dialect dialect) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.nowMs = dialect.nowMillis();
    }

    @Override
    public OptionalLong tryAcquire(String name, String holder, String runId, Duration ttl) {
        return jdbi.inTransaction(h -> {
            ensureRow(h, name);
            final int taken = h.createUpdate("UPDATE leases SET holder = :holder, holder_run = :run, "
                            + "token = token + 1, acquired_at_ms = " + nowMs + ", expires_at_ms = " + nowMs + " + :ttl "
                            + "WHERE name = :name AND (holder IS NULL OR expires_at_ms < " + nowMs
                            + " OR holder_run IN (SELECT run_id FROM lifecycle_runs WHERE outcome IS NOT NULL))")
                    .bind("holder", holder).bind("run", runId).bind("ttl", ttl.toMillis()).bind("name", name)
                    .execute();
            if (taken == 0) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(h.createQuery("SELECT token FROM leases WHERE name = :name")
                    .bind("name", name).mapTo(Long.class).one());
        });
    }

    @Override
    public boolean renew(String name, String holder, long token, Duration ttl) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE leases SET expires_at_ms = " + nowMs + " + :ttl "
                        + "WHERE name = :name AND holder = :holder AND token = :token")
                .bind("ttl", ttl.toMillis()).bind("name", name).bind("holder", holder).bind("token", token)
                .execute() == 1);
    }

    @Override
    public boolean release(String name, String holder, long token) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE leases SET holder = NULL, expires_at_ms = 0 "
                        + "WHERE name = :name AND holder = :holder AND token = :token")
                .bind("name", name).bind("holder", holder).bind("token", token).execute() == 1);
    }

    @Override
    public Optional<State> current(String name) {
        return jdbi.withHandle(h -> h.createQuery("SELECT name, holder, token, acquired_at_ms, expires_at_ms, "
                        + "expires_at_ms - " + nowMs + " AS remaining FROM leases WHERE name = :name")
                .bind("name", name)
                .map((rs, ctx) -> new State(rs.getString("name"), rs.getString("holder"), rs.getLong("token"),
                        rs.getLong("acquired_at_ms"), rs.getLong("expires_at_ms"), rs.getLong("remaining")))
                .findOne());
    }

    private static void ensureRow(Handle h, String name) {
        h.createUpdate("INSERT INTO leases (name, holder, token, acquired_at_ms, expires_at_ms) "
                + "VALUES (:name, NULL, 0, 0, 0) ON CONFLICT (name) DO NOTHING").bind("name", name).execute();
    }
}
