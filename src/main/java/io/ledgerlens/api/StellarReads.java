package io.ledgerlens.api;

import org.jdbi.v3.core.Jdbi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The read side of the Stellar tables, for the REST API: rows as ordered maps whose keys are the column names,
 * which are also the JSON field names. Keyset paging only (no OFFSET), so a page costs the same at any depth.
 */
public final class StellarReads {
    private static final String LEDGER_COLUMNS = "sequence, hash, prev_hash, paging_token, closed_at, "
            + "successful_transaction_count, failed_transaction_count, operation_count, tx_set_operation_count, "
            + "total_coins, fee_pool, base_fee_in_stroops, base_reserve_in_stroops, max_tx_set_size, protocol_version, "
            + "payment_count, header_xdr";
    private static final String POOL_COLUMNS = "id, type, fee_bp, total_trustlines, total_shares, reserve_a_asset, "
            + "reserve_a_amount, reserve_b_asset, reserve_b_amount, last_modified_ledger, last_modified_time, updated_at";

    private final Jdbi jdbi;

    public StellarReads(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Optional<Map<String, Object>> latestLedger() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + LEDGER_COLUMNS
                + " FROM ledgers ORDER BY sequence DESC LIMIT 1").mapToMap().findOne());
    }

    public Optional<Map<String, Object>> ledger(long sequence) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + LEDGER_COLUMNS + " FROM ledgers WHERE sequence = :s")
                .bind("s", sequence).mapToMap().findOne());
    }

    /** Up to {@code limit} ledgers after (asc) or before (desc) {@code cursor}; null cursor starts at the end. */
    public List<Map<String, Object>> ledgers(Long cursor, int limit, boolean ascending) {
        final String where = cursor == null ? "" : ascending ? " WHERE sequence > :cursor" : " WHERE sequence < :cursor";
        return jdbi.withHandle(h -> h.createQuery("SELECT " + LEDGER_COLUMNS + " FROM ledgers" + where
                        + " ORDER BY sequence " + (ascending ? "ASC" : "DESC") + " LIMIT :limit")
                .bind("cursor", cursor).bind("limit", limit).mapToMap().list());
    }

    /** Payments of one ledger in operation order, after operation index {@code afterIndex} (-1 for the first). */
    public List<Map<String, Object>> payments(long ledger, int afterIndex, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT op_index, id, paging_token, ledger_sequence, "
                        + "transaction_hash, transaction_successful, type, created_at, from_account, to_account, asset, "
                        + "amount, source_asset, source_amount FROM payments WHERE ledger_sequence = :ledger "
                        + "AND op_index > :after ORDER BY op_index LIMIT :limit")
                .bind("ledger", ledger).bind("after", afterIndex).bind("limit", limit)
                .map((rs, ctx) -> {
                    final Map<String, Object> p = new LinkedHashMap<>();
                    p.put("id", rs.getString("id"));
                    p.put("paging_token", rs.getString("paging_token"));
                    p.put("op_index", rs.getInt("op_index"));
                    p.put("ledger", rs.getLong("ledger_sequence"));
                    p.put("transaction_hash", rs.getString("transaction_hash"));
                    p.put("transaction_successful", rs.getInt("transaction_successful") == 1);
                    p.put("type", rs.getString("type"));
                    p.put("created_at", rs.getString("created_at"));
                    p.put("from", rs.getString("from_account"));
                    p.put("to", rs.getString("to_account"));
                    p.put("asset", rs.getString("asset"));
                    p.put("amount", rs.getString("amount"));
                    p.put("source_asset", rs.getString("source_asset"));
                    p.put("source_amount", rs.getString("source_amount"));
                    return p;
                }).list());
    }

    public List<Map<String, Object>> corridors(String afterKey, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM corridors"
                        + (afterKey == null ? "" : " WHERE corridor > :after") + " ORDER BY corridor LIMIT :limit")
                .bind("after", afterKey).bind("limit", limit).mapToMap().list());
    }

    public Optional<Map<String, Object>> corridor(String key) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM corridors WHERE corridor = :key").bind("key", key)
                .mapToMap().findOne());
    }

    /** The newest {@code hours} hourly rows of a corridor, newest first. */
    public List<Map<String, Object>> corridorHours(String key, int hours) {
        return jdbi.withHandle(h -> h.createQuery("SELECT hour, payment_count, successful_count, source_volume, "
                        + "dest_volume, last_seen FROM corridor_hours WHERE corridor = :key ORDER BY hour DESC LIMIT :n")
                .bind("key", key).bind("n", hours).mapToMap().list());
    }

    public List<Map<String, Object>> pools(String afterId, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + POOL_COLUMNS + " FROM liquidity_pools"
                        + (afterId == null ? "" : " WHERE id > :after") + " ORDER BY id LIMIT :limit")
                .bind("after", afterId).bind("limit", limit).mapToMap().list())
                .stream().map(StellarReads::withReserves).toList();
    }

    public Optional<Map<String, Object>> pool(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + POOL_COLUMNS + " FROM liquidity_pools WHERE id = :id")
                .bind("id", id).mapToMap().findOne()).map(StellarReads::withReserves);
    }

    public List<Map<String, Object>> poolSnapshots(String id, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT taken_at, fee_bp, total_trustlines, total_shares, "
                        + "reserve_a_amount, reserve_b_amount FROM pool_snapshots WHERE pool_id = :id "
                        + "ORDER BY taken_at DESC LIMIT :limit")
                .bind("id", id).bind("limit", limit).mapToMap().list());
    }

    public Optional<Map<String, Object>> asset(String canonical) {
        return jdbi.withHandle(h -> h.createQuery("SELECT asset, code, issuer, authorized, "
                        + "authorized_to_maintain_liabilities, unauthorized, num_liquidity_pools, amount, flags, "
                        + "updated_at FROM assets WHERE asset = :asset")
                .bind("asset", canonical).mapToMap().findOne());
    }

    public List<Map<String, Object>> assetSnapshots(String canonical, int limit) {
        return jdbi.withHandle(h -> h.createQuery("SELECT taken_at, authorized, authorized_to_maintain_liabilities, "
                        + "unauthorized, amount FROM asset_snapshots WHERE asset = :asset "
                        + "ORDER BY taken_at DESC LIMIT :limit")
                .bind("asset", canonical).bind("limit", limit).mapToMap().list());
    }

    private static Map<String, Object> withReserves(Map<String, Object> row) {
        final Map<String, Object> pool = new LinkedHashMap<>(row);
        final List<Map<String, Object>> reserves = new ArrayList<>();
        for (String side : new String[] {"a", "b"}) {
            final Map<String, Object> reserve = new LinkedHashMap<>();
            reserve.put("asset", pool.remove("reserve_" + side + "_asset"));
            reserve.put("amount", pool.remove("reserve_" + side + "_amount"));
            reserves.add(reserve);
        }
        pool.put("reserves", reserves);
        return pool;
    }
}
