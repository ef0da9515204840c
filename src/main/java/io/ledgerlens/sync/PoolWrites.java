package io.ledgerlens.sync;

import io.ledgerlens.events.EventType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlens.events.EventLog;
import io.ledgerlens.ingest.Amounts;
import io.ledgerlens.ingest.LiquidityPool;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stores a page of pools: the current row, a snapshot per pool per pass, a {@code pool.updated} event on change (the
 * events last, so that the event log's lock is not held while the rows are written: {@link EventLog#appendAll}).
 */
public final class PoolWrites implements SnapshotSync.Store<LiquidityPool> {
    private static final Logger LOG = LoggerFactory.getLogger(PoolWrites.class);
    private final ObjectMapper json;

    public PoolWrites(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public int store(Handle h, List<LiquidityPool> pools, Instant at) throws Exception {
        final List<EventLog.NewEvent> events = new ArrayList<>();
        for (LiquidityPool pool : pools) {
            if (pool.reserves().size() != 2) {
                // Only constant-product pools exist on Stellar today; anything else would not fit the columns.
                LOG.warn("pool {} of type {} has {} reserves; skipped", pool.id(), pool.type(), pool.reserves().size());
                continue;
            }
            final Map<String, Object> row = row(pool);
            final Optional<Map<String, Object>> stored = h.createQuery("SELECT fee_bp, total_trustlines, total_shares, "
                            + "reserve_a_amount, reserve_b_amount FROM liquidity_pools WHERE id = :id")
                    .bind("id", pool.id()).mapToMap().findOne();
            final boolean differs = stored.isEmpty() || !sameState(stored.get(), row);
            if (stored.isEmpty()) {
                h.createUpdate("INSERT INTO liquidity_pools (id, paging_token, type, fee_bp, total_trustlines, "
                        + "total_shares, reserve_a_asset, reserve_a_amount, reserve_b_asset, reserve_b_amount, "
                        + "last_modified_ledger, last_modified_time, updated_at) VALUES (:id, :paging_token, :type, "
                        + ":fee_bp, :total_trustlines, :total_shares, :reserve_a_asset, :reserve_a_amount, "
                        + ":reserve_b_asset, :reserve_b_amount, :last_modified_ledger, :last_modified_time, :at)")
                        .bindMap(row).bind("at", at.toString()).execute();
            } else if (differs) {
                h.createUpdate("UPDATE liquidity_pools SET fee_bp = :fee_bp, total_trustlines = :total_trustlines, "
                        + "total_shares = :total_shares, reserve_a_amount = :reserve_a_amount, "
                        + "reserve_b_amount = :reserve_b_amount, last_modified_ledger = :last_modified_ledger, "
                        + "last_modified_time = :last_modified_time, updated_at = :at WHERE id = :id")
                        .bindMap(row).bind("at", at.toString()).execute();
            }
            h.createUpdate("INSERT INTO pool_snapshots (pool_id, taken_at, fee_bp, total_trustlines, total_shares, "
                    + "reserve_a_amount, reserve_b_amount) VALUES (:id, :at, :fee_bp, :total_trustlines, "
                    + ":total_shares, :reserve_a_amount, :reserve_b_amount)")
                    .bindMap(row).bind("at", at.toString()).execute();
            if (differs) {
                events.add(new EventLog.NewEvent(EventType.POOL_UPDATED.label(), pool.id(), json.writeValueAsString(row)));
            }
        }
        EventLog.appendAll(h, events, at);
        return events.size();
    }

    private static Map<String, Object> row(LiquidityPool pool) {
        final Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", pool.id());
        row.put("paging_token", pool.pagingToken());
        row.put("type", pool.type());
        row.put("fee_bp", pool.feeBp());
        row.put("total_trustlines", pool.totalTrustlines());
        row.put("total_shares", Amounts.format(pool.totalShares()));
        row.put("reserve_a_asset", pool.reserves().get(0).asset().canonical());
        row.put("reserve_a_amount", Amounts.format(pool.reserves().get(0).amount()));
        row.put("reserve_b_asset", pool.reserves().get(1).asset().canonical());
        row.put("reserve_b_amount", Amounts.format(pool.reserves().get(1).amount()));
        row.put("last_modified_ledger", pool.lastModifiedLedger());
        row.put("last_modified_time", pool.lastModifiedTime().toString());
        return row;
    }

    private static boolean sameState(Map<String, Object> stored, Map<String, Object> row) {
        return ((Number) stored.get("fee_bp")).intValue() == (int) row.get("fee_bp")
                && ((Number) stored.get("total_trustlines")).longValue() == (long) row.get("total_trustlines")
                && stored.get("total_shares").equals(row.get("total_shares"))
                && stored.get("reserve_a_amount").equals(row.get("reserve_a_amount"))
                && stored.get("reserve_b_amount").equals(row.get("reserve_b_amount"));
    }
}
