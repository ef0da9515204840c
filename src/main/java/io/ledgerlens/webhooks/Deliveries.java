package io.ledgerlens.webhooks;

import io.ledgerlens.db.Dialect;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code webhook_deliveries} table, inside the caller's handle or transaction. A dispatcher claims a due
 * delivery by leasing it ({@code lease_owner}, {@code lease_until_ms}); the outcome of the attempt clears the
 * lease, and so does a release at stop. A lease left by a run that died expires, or is released at the next start.
 */
public final class Deliveries {
    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    static final String DEAD = "dead";
    private static final String VIEW_COLUMNS = "id, subscription_id, event_sequence, event_type, status, attempts, "
            + "next_attempt_ms, lease_until_ms, last_status, last_error, created_ms, updated_ms, delivered_ms";

    private Deliveries() {
    }

    /** Where a page of the newest-first listing ended: {@code <createdMs>~<id>} in the API. */
    public record Cursor(long createdMs, String id) {
        public static Cursor of(Delivery d) {
            return new Cursor(d.createdAt().toEpochMilli(), d.id());
        }

        public static Cursor parse(String text) {
            final int tilde = text.indexOf('~');
            if (tilde < 1 || tilde == text.length() - 1) {
                throw new IllegalArgumentException("cursor must be <createdMs>~<deliveryId>, got '" + text + "'");
            }
            try {
                return new Cursor(Long.parseLong(text.substring(0, tilde)), text.substring(tilde + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cursor must be <createdMs>~<deliveryId>, got '" + text + "'");
            }
        }

        @Override
        public String toString() {
            return createdMs + "~" + id;
        }
    }

    public record New(String id, String subscriptionId, Long eventSequence, String eventType, String body) {
    }

    public record Due(String id, String subscriptionId, String eventType, String body, int attempts) {
    }

    /** What one attempt came to: delivered, to be retried at {@code nextAttemptMs}, or dead. */
    public record Outcome(String id, boolean delivered, boolean dead, long nextAttemptMs, Integer httpStatus,
                          String error) {
    }

    public static void insert(Handle h, Collection<New> deliveries, long nowMs) {
        if (deliveries.isEmpty()) {
            return;
        }
        final PreparedBatch batch = h.prepareBatch("INSERT INTO webhook_deliveries (id, subscription_id, "
                + "event_sequence, event_type, body, status, attempts, next_attempt_ms, created_ms, updated_ms) "
                + "VALUES (:id, :sub, :seq, :type, :body, 'pending', 0, :now, :now, :now)");
        for (New d : deliveries) {
            batch.bind("id", d.id()).bind("sub", d.subscriptionId()).bind("seq", d.eventSequence())
                    .bind("type", d.eventType()).bind("body", d.body()).bind("now", nowMs).add();
        }
        batch.execute();
    }

    /** Due, unleased deliveries of one subscription, oldest first. */
    public static List<Due> due(Handle h, String subscriptionId, long nowMs, int limit) {
        return h.createQuery("SELECT id, subscription_id, event_type, body, attempts FROM webhook_deliveries "
                        + "WHERE subscription_id = :sub AND status = 'pending' AND next_attempt_ms <= :now "
                        + "AND (lease_until_ms IS NULL OR lease_until_ms < :now) "
                        + "ORDER BY next_attempt_ms, created_ms, event_sequence LIMIT :limit")
                .bind("sub", subscriptionId).bind("now", nowMs).bind("limit", limit)
                .map((rs, ctx) -> new Due(rs.getString("id"), rs.getString("subscription_id"),
                        rs.getString("event_type"), rs.getString("body"), rs.getInt("attempts")))
                .list();
    }

    /**
     * Leases those of {@code ids} that are still free. The free rows are locked first, in id order, skipping rows
     * another transaction holds (PostgreSQL: {@code FOR UPDATE SKIP LOCKED}): a row that another instance is
     * claiming or recording is its own, and waiting for it instead could deadlock, since each instance records its
     * outcomes and claims new rows in one transaction. @return the ids this call leased
     */
    public static Set<String> claim(Handle h, Collection<String> ids, String owner, long nowMs, long untilMs) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        final List<String> free = h.createQuery("SELECT id FROM webhook_deliveries WHERE id IN (<ids>) "
                        + "AND status = 'pending' AND (lease_until_ms IS NULL OR lease_until_ms < :now) ORDER BY id"
                        + Dialect.of(h).lockingSkipLocked())
                .bindList("ids", List.copyOf(ids)).bind("now", nowMs).mapTo(String.class).list();
        if (free.isEmpty()) {
            return Set.of();
        }
        h.createUpdate("UPDATE webhook_deliveries SET lease_owner = :owner, lease_until_ms = :until "
                        + "WHERE id IN (<ids>)")
                .bindList("ids", free).bind("owner", owner).bind("until", untilMs).execute();
        return Set.copyOf(free);
    }

    public static void record(Handle h, Collection<Outcome> outcomes, long nowMs) {
        if (outcomes.isEmpty()) {
            return;
        }
        final PreparedBatch batch = h.prepareBatch("UPDATE webhook_deliveries SET status = :status, "
                + "attempts = attempts + 1, next_attempt_ms = :next, lease_owner = NULL, lease_until_ms = NULL, "
                + "last_status = :httpStatus, last_error = :error, updated_ms = :now, delivered_ms = :deliveredMs "
                + "WHERE id = :id");
        // In id order, the order claim() locks rows in: two writers never take the same rows in opposite orders.
        for (Outcome o : outcomes.stream().sorted(java.util.Comparator.comparing(Outcome::id)).toList()) {
            batch.bind("id", o.id())
                    .bind("status", o.delivered() ? DELIVERED : o.dead() ? DEAD : PENDING)
                    .bind("next", o.nextAttemptMs())
                    .bind("httpStatus", o.httpStatus())
                    .bind("error", o.error() == null ? null : abbreviate(o.error(), 500))
                    .bind("now", nowMs)
                    .bind("deliveredMs", o.delivered() ? Long.valueOf(nowMs) : null)
                    .add();
        }
        batch.execute();
    }

    /** Gives leased, unfinished deliveries back, due at once; @return how many. */
    public static int release(Handle h, Collection<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return h.createUpdate("UPDATE webhook_deliveries SET lease_owner = NULL, lease_until_ms = NULL "
                        + "WHERE id IN (<ids>) AND status = 'pending'")
                .bindList("ids", List.copyOf(ids)).execute();
    }

    /** At start: every lease held by another (earlier, dead) run is given back. */
    public static int releaseOthers(Handle h, String owner) {
        // Only runs that have ended (a report, clean or unclean, is recorded for them): another instance that is
        // running keeps the deliveries it is sending.
        return h.createUpdate("UPDATE webhook_deliveries SET lease_owner = NULL, lease_until_ms = NULL "
                        + "WHERE lease_owner IS NOT NULL AND lease_owner <> :owner AND lease_owner IN "
                        + "(SELECT run_id FROM lifecycle_runs WHERE outcome IS NOT NULL)")
                .bind("owner", owner).execute();
    }

    /** Newest first; {@code state} null for all, else pending, in_flight, delivered or dead. */
    public static List<Delivery> list(Handle h, String subscriptionId, String state, Cursor before, int limit,
                                      long nowMs) {
        final String where = switch (state == null ? "" : state) {
            case "" -> "";
            case "in_flight" -> " AND status = 'pending' AND lease_until_ms >= :now";
            case "pending" -> " AND status = 'pending' AND (lease_until_ms IS NULL OR lease_until_ms < :now)";
            default -> " AND status = :state";
        };
        return h.createQuery("SELECT " + VIEW_COLUMNS + " FROM webhook_deliveries WHERE subscription_id = :sub"
                        + where + (before == null ? ""
                                : " AND (created_ms < :beforeMs OR (created_ms = :beforeMs AND id < :beforeId))")
                        + " ORDER BY created_ms DESC, id DESC LIMIT :limit")
                .bind("sub", subscriptionId).bind("state", state).bind("now", nowMs)
                .bind("beforeMs", before == null ? null : before.createdMs())
                .bind("beforeId", before == null ? null : before.id()).bind("limit", limit)
                .map((rs, ctx) -> view(rs, nowMs))
                .list();
    }

    public static Optional<Delivery> find(Handle h, String subscriptionId, String id, long nowMs) {
        return h.createQuery("SELECT " + VIEW_COLUMNS + " FROM webhook_deliveries WHERE subscription_id = :sub "
                        + "AND id = :id")
                .bind("sub", subscriptionId).bind("id", id).map((rs, ctx) -> view(rs, nowMs)).findOne();
    }

    /** Counts by state for one subscription (null: all of them). */
    public static Map<String, Long> counts(Handle h, String subscriptionId, long nowMs) {
        final Map<String, Long> counts = new LinkedHashMap<>();
        for (String state : List.of("pending", "in_flight", DELIVERED, DEAD)) {
            counts.put(state, 0L);
        }
        h.createQuery("SELECT CASE WHEN status = 'pending' AND lease_until_ms >= :now THEN 'in_flight' "
                        + "ELSE status END AS state, COUNT(*) AS n FROM webhook_deliveries"
                        + (subscriptionId == null ? "" : " WHERE subscription_id = :sub") + " GROUP BY 1")
                .bind("now", nowMs).bind("sub", subscriptionId)
                .map((rs, ctx) -> Map.entry(rs.getString("state"), rs.getLong("n")))
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }

    /** Deletes up to {@code limit} delivered rows last updated before {@code cutoffMs}; @return how many. */
    public static int pruneDelivered(Handle h, long cutoffMs, int limit) {
        return prune(h, DELIVERED, cutoffMs, limit);
    }

    /** Deletes up to {@code limit} dead letters that died (or were last retried) before {@code cutoffMs}. */
    public static int pruneDead(Handle h, long cutoffMs, int limit) {
        return prune(h, DEAD, cutoffMs, limit);
    }

    private static int prune(Handle h, String status, long cutoffMs, int limit) {
        return h.createUpdate("DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries "
                        + "WHERE status = :status AND updated_ms < :cutoff LIMIT :limit)")
                .bind("status", status).bind("cutoff", cutoffMs).bind("limit", limit).execute();
    }

    /** Pending deliveries (in flight included) of each of these subscriptions; one with none is left out. */
    public static Map<String, Long> pendingBySubscription(Handle h, Collection<String> subscriptionIds) {
        final Map<String, Long> counts = new LinkedHashMap<>();
        if (subscriptionIds.isEmpty()) {
            return counts;
        }
        h.createQuery("SELECT subscription_id, COUNT(*) AS n FROM webhook_deliveries WHERE status = 'pending' "
                        + "AND subscription_id IN (<ids>) GROUP BY subscription_id")
                .bindList("ids", List.copyOf(subscriptionIds))
                .map((rs, ctx) -> Map.entry(rs.getString("subscription_id"), rs.getLong("n")))
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }

    /** Deliveries not yet delivered nor dead, in flight included. */
    public static long pendingCount(Handle h) {
        return h.createQuery("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending'").mapTo(Long.class)
                .one();
    }

    /** Dead letters of a subscription go back to pending with fresh attempts; @return how many. */
    public static int requeueDead(Handle h, String subscriptionId, long nowMs) {
        return h.createUpdate("UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_ms = :now, "
                        + "updated_ms = :now WHERE subscription_id = :sub AND status = 'dead'")
                .bind("sub", subscriptionId).bind("now", nowMs).execute();
    }

    private static Delivery view(ResultSet rs, long nowMs) throws SQLException {
        final String status = rs.getString("status");
        final long leaseUntil = rs.getLong("lease_until_ms");
        final boolean leased = !rs.wasNull() && leaseUntil >= nowMs;
        final long seq = rs.getLong("event_sequence");
        final Long eventSequence = rs.wasNull() ? null : seq;
        final int lastStatus = rs.getInt("last_status");
        final Integer httpStatus = rs.wasNull() ? null : lastStatus;
        final long deliveredMs = rs.getLong("delivered_ms");
        final Instant deliveredAt = rs.wasNull() ? null : Instant.ofEpochMilli(deliveredMs);
        return new Delivery(rs.getString("id"), rs.getString("subscription_id"), eventSequence,
                rs.getString("event_type"), status.equals(PENDING) && leased ? "in_flight" : status,
                rs.getInt("attempts"), status.equals(PENDING) ? Instant.ofEpochMilli(rs.getLong("next_attempt_ms")) : null,
                httpStatus, rs.getString("last_error"), Instant.ofEpochMilli(rs.getLong("created_ms")),
                Instant.ofEpochMilli(rs.getLong("updated_ms")), deliveredAt);
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
