package io.ledgerlens.webhooks;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The {@code webhook_subscriptions} table, inside the caller's handle or transaction. */
public final class Subscriptions {
    private static final String COLUMNS = "id, url, event_types, description, secret, active, start_sequence, "
            + "created_at, updated_at";
    private static final RowMapper<Subscription> MAPPER = (rs, ctx) -> new Subscription(rs.getString("id"),
            rs.getString("url"), Arrays.asList(rs.getString("event_types").split(",")), rs.getString("description"),
            rs.getString("secret"), rs.getInt("active") == 1, rs.getLong("start_sequence"),
            Instant.parse(rs.getString("created_at")), Instant.parse(rs.getString("updated_at")));

    private Subscriptions() {
    }

    public static void insert(Handle h, Subscription s) {
        h.createUpdate("INSERT INTO webhook_subscriptions (" + COLUMNS + ") VALUES (:id, :url, :types, :description, "
                        + ":secret, :active, :start, :created, :updated)")
                .bind("id", s.id()).bind("url", s.url()).bind("types", String.join(",", s.eventTypes()))
                .bind("description", s.description()).bind("secret", s.secret()).bind("active", s.active() ? 1 : 0)
                .bind("start", s.startSequence()).bind("created", s.createdAt().toString())
                .bind("updated", s.updatedAt().toString())
                .execute();
    }

    public static void update(Handle h, Subscription s) {
        h.createUpdate("UPDATE webhook_subscriptions SET url = :url, event_types = :types, description = :description, "
                        + "active = :active, start_sequence = :start, updated_at = :updated WHERE id = :id")
                .bind("id", s.id()).bind("url", s.url()).bind("types", String.join(",", s.eventTypes()))
                .bind("description", s.description()).bind("active", s.active() ? 1 : 0)
                .bind("start", s.startSequence()).bind("updated", s.updatedAt().toString())
                .execute();
    }

    /** @return false if there is no such subscription */
    public static boolean updateSecret(Handle h, String id, String secret, Instant at) {
        return h.createUpdate("UPDATE webhook_subscriptions SET secret = :secret, updated_at = :updated WHERE id = :id")
                .bind("id", id).bind("secret", secret).bind("updated", at.toString()).execute() > 0;
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
}
