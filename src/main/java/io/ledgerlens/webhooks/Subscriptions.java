package io.ledgerlens.webhooks;

import io.ledgerlens.db.Dialect;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** The {@code webhook_subscriptions} table, inside the caller's handle or transaction. */
public final class Subscriptions {
    private static final String COLUMNS = "id, url, event_types, description, secret, sealed_secret, active, "
            + "start_sequence, created_at, updated_at, paused_reason, paused_at";
    /** What {@code secret} holds when the secret itself is sealed in {@code sealed_secret}. */
    static final String SEALED_MARKER = "sealed";
    private static final RowMapper<Subscription> MAPPER = (rs, ctx) -> {
        final String pausedAt = rs.getString("paused_at");
        return new Subscription(rs.getString("id"), rs.getString("url"),
                Arrays.asList(rs.getString("event_types").split(",")), rs.getString("description"),
                ctx.getConfig(SealedSecrets.class).sealer().open(rs.getString("id"), stored(rs.getString("secret"),
                        rs.getString("sealed_secret"))),
                rs.getInt("active") == 1, rs.getLong("start_sequence"),
                Instant.parse(rs.getString("created_at")), Instant.parse(rs.getString("updated_at")),
                rs.getString("paused_reason"), pausedAt == null ? null : Instant.parse(pausedAt));
    };

    private Subscriptions() {
    }

    public static void insert(Handle h, Subscription s) {
        h.createUpdate("INSERT INTO webhook_subscriptions (" + COLUMNS + ") VALUES (:id, :url, :types, :description, "
                        + ":secret, :sealed, :active, :start, :created, :updated, :reason, :pausedAt)")
                .bind("id", s.id()).bind("url", s.url()).bind("types", String.join(",", s.eventTypes()))
                .bind("description", s.description()).bindMap(secretColumns(sealer(h), s.id(), s.secret()))
                .bind("active", s.active() ? 1 : 0)
                .bind("start", s.startSequence()).bind("created", s.createdAt().toString())
                .bind("updated", s.updatedAt().toString()).bind("reason", s.pausedReason())
                .bind("pausedAt", s.pausedAt() == null ? null : s.pausedAt().toString())
                .execute();
    }

    /**
     * Writes what the API may change. A subscription that was paused starts afresh: its failing time is forgotten
     * (the SET expressions see the row as it was before this statement).
     */
    public static void update(Handle h, Subscription s) {
        h.createUpdate("UPDATE webhook_subscriptions SET url = :url, event_types = :types, description = :description, "
                        + "active = :active, start_sequence = :start, updated_at = :updated, paused_reason = :reason, "
                        + "paused_at = :pausedAt, failing_since_ms = CASE WHEN active = 1 THEN failing_since_ms "
                        + "ELSE NULL END WHERE id = :id")
                .bind("id", s.id()).bind("url", s.url()).bind("types", String.join(",", s.eventTypes()))
                .bind("description", s.description()).bind("active", s.active() ? 1 : 0)
                .bind("start", s.startSequence()).bind("updated", s.updatedAt().toString())
                .bind("reason", s.pausedReason())
                .bind("pausedAt", s.pausedAt() == null ? null : s.pausedAt().toString())
                .execute();
    }

    /** @return false if there is no such subscription */
    public static boolean updateSecret(Handle h, String id, String secret, Instant at) {
        return h.createUpdate("UPDATE webhook_subscriptions SET secret = :secret, sealed_secret = :sealed, "
                        + "updated_at = :updated WHERE id = :id")
                .bind("id", id).bindMap(secretColumns(sealer(h), id, secret)).bind("updated", at.toString())
                .execute() > 0;
    }

    private static SecretSealer sealer(Handle h) {
        return h.getConfig(SealedSecrets.class).sealer();
    }

    /** The values of {@code secret} and {@code sealed_secret}: the secret itself, or the marker and the sealed form. */
    private static Map<String, Object> secretColumns(SecretSealer sealer, String id, String secret) {
        final Map<String, Object> columns = new java.util.HashMap<>();
        columns.put("secret", sealer.encrypts() ? SEALED_MARKER : secret);
        columns.put("sealed", sealer.encrypts() ? sealer.seal(id, secret) : null);
        return columns;
    }

    private static String stored(String secret, String sealed) {
        return sealed != null ? sealed : secret;
    }

    /**
     * Writes again, with the current key, every secret stored plain or with an older key (after a key is set or
     * rotated). A row changed since it was read is left to the next start.
     * @return how many were sealed anew
     * @throws IllegalStateException when a stored secret does not open with the configured keys
     */
    public static int reseal(Handle h) {
        final SecretSealer sealer = sealer(h);
        if (!sealer.encrypts()) {
            return 0;
        }
        int count = 0;
        for (Map<String, Object> row : h.createQuery("SELECT id, secret, sealed_secret FROM webhook_subscriptions")
                .mapToMap().list()) {
            final String id = (String) row.get("id");
            final String plain = (String) row.get("secret");
            final String sealed = (String) row.get("sealed_secret");
            final String stored = stored(plain, sealed);
            if (sealer.needsReseal(stored)) {
                final var update = h.createUpdate("UPDATE webhook_subscriptions SET secret = :secret, "
                                + "sealed_secret = :sealed WHERE id = :id AND secret = :was AND "
                                + (sealed == null ? "sealed_secret IS NULL" : "sealed_secret = :wasSealed"))
                        .bindMap(secretColumns(sealer, id, sealer.open(id, stored))).bind("id", id)
                        .bind("was", plain);
                count += (sealed == null ? update : update.bind("wasSealed", sealed)).execute();
            }
        }
        return count;
    }

    /** Deletes the subscription and every delivery it has; @return false if there was none. */
    public static boolean delete(Handle h, String id) {
        h.createUpdate("DELETE FROM webhook_deliveries WHERE subscription_id = :id").bind("id", id).execute();
        return h.createUpdate("DELETE FROM webhook_subscriptions WHERE id = :id").bind("id", id).execute() > 0;
    }

    public static Optional<Subscription> find(Handle h, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM webhook_subscriptions WHERE id = :id")
                .bind("id", id).map(MAPPER).findOne();
    }

    /** {@link #find}, the row locked until the transaction ends (PostgreSQL; SQLite writers take turns anyway). */
    public static Optional<Subscription> findForUpdate(Handle h, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM webhook_subscriptions WHERE id = :id"
                        + (Dialect.of(h) == Dialect.POSTGRES ? " FOR UPDATE" : ""))
                .bind("id", id).map(MAPPER).findOne();
    }

    public static List<Subscription> all(Handle h) {
        return h.createQuery("SELECT " + COLUMNS + " FROM webhook_subscriptions ORDER BY created_at, id")
                .map(MAPPER).list();
    }

    public static List<Subscription> active(Handle h) {
        return h.createQuery("SELECT " + COLUMNS + " FROM webhook_subscriptions WHERE active = 1 ORDER BY id")
                .map(MAPPER).list();
    }

    public static int count(Handle h) {
        return h.createQuery("SELECT COUNT(*) FROM webhook_subscriptions").mapTo(Integer.class).one();
    }

    /**
     * Pauses an active subscription for {@code reason}; @return false if it was not active (paused already, by hand
     * or otherwise, or deleted).
     */
    public static boolean pause(Handle h, String id, String reason, Instant at) {
        return h.createUpdate("UPDATE webhook_subscriptions SET active = 0, paused_reason = :reason, paused_at = :at, "
                        + "updated_at = :at WHERE id = :id AND active = 1")
                .bind("id", id).bind("reason", reason).bind("at", at.toString()).execute() > 0;
    }

    /**
     * Notes the attempts of one turn: a subscription with a successful attempt is no longer failing; one with only
     * failed attempts is failing from now unless it already was. Rows are written one at a time in id order, the
     * order every writer of these rows uses, and only when the value changes.
     */
    public static void recordAttempts(Handle h, Collection<String> succeeded, Collection<String> failed, long nowMs) {
        final TreeSet<String> ids = new TreeSet<>(succeeded);
        ids.addAll(failed);
        for (String id : ids) {
            if (succeeded.contains(id)) {
                h.createUpdate("UPDATE webhook_subscriptions SET failing_since_ms = NULL WHERE id = :id "
                        + "AND failing_since_ms IS NOT NULL").bind("id", id).execute();
            } else {
                h.createUpdate("UPDATE webhook_subscriptions SET failing_since_ms = :now WHERE id = :id "
                        + "AND failing_since_ms IS NULL").bind("id", id).bind("now", nowMs).execute();
            }
        }
    }

    /** Active subscriptions whose attempts have all failed since before {@code cutoffMs}, in id order. */
    public static List<String> failingSince(Handle h, long cutoffMs) {
        return h.createQuery("SELECT id FROM webhook_subscriptions WHERE active = 1 AND failing_since_ms IS NOT NULL "
                        + "AND failing_since_ms <= :cutoff ORDER BY id")
                .bind("cutoff", cutoffMs).mapTo(String.class).list();
    }

    /** How many subscriptions are paused, by reason (a reason missing from the map has none). */
    public static Map<String, Long> pausedByReason(Handle h) {
        final Map<String, Long> counts = new LinkedHashMap<>();
        h.createQuery("SELECT COALESCE(paused_reason, 'manual') AS reason, COUNT(*) AS n FROM webhook_subscriptions "
                        + "WHERE active = 0 GROUP BY COALESCE(paused_reason, 'manual')")
                .map((rs, ctx) -> Map.entry(rs.getString("reason"), rs.getLong("n")))
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }
}
