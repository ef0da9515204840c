package io.ledgerlens.sync;

import io.ledgerlens.events.EventType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlens.events.EventLog;
import io.ledgerlens.ingest.Amounts;
import io.ledgerlens.ingest.AssetStats;
import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stores a page of assets: holder counts by authorization state (the trustlines), a snapshot per asset per pass,
 * an {@code asset.updated} event when the counts or the supply changed. The native asset has no trustlines and
 * Horizon does not list it.
 */
public final class AssetWrites implements SnapshotSync.Store<AssetStats> {
    private final ObjectMapper json;

    public AssetWrites(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public int store(Handle h, List<AssetStats> assets, Instant at) throws Exception {
        final List<EventLog.NewEvent> events = new ArrayList<>();
        for (AssetStats asset : assets) {
            if (asset.asset().isNative()) {
                continue;
            }
            final Map<String, Object> row = row(asset);
            final Optional<Map<String, Object>> stored = h.createQuery("SELECT authorized, "
                            + "authorized_to_maintain_liabilities, unauthorized, amount FROM assets WHERE asset = :asset")
                    .bind("asset", row.get("asset")).mapToMap().findOne();
            final boolean differs = stored.isEmpty() || !sameState(stored.get(), row);
            if (stored.isEmpty()) {
                h.createUpdate("INSERT INTO assets (asset, code, issuer, paging_token, authorized, "
                        + "authorized_to_maintain_liabilities, unauthorized, num_liquidity_pools, amount, flags, "
                        + "updated_at) VALUES (:asset, :code, :issuer, :paging_token, :authorized, "
                        + ":authorized_to_maintain_liabilities, :unauthorized, :num_liquidity_pools, :amount, :flags, :at)")
                        .bindMap(row).bind("at", at.toString()).execute();
            } else {
                h.createUpdate("UPDATE assets SET authorized = :authorized, authorized_to_maintain_liabilities = "
                        + ":authorized_to_maintain_liabilities, unauthorized = :unauthorized, num_liquidity_pools = "
                        + ":num_liquidity_pools, amount = :amount, flags = :flags, updated_at = :at WHERE asset = :asset")
                        .bindMap(row).bind("at", at.toString()).execute();
            }
            h.createUpdate("INSERT INTO asset_snapshots (asset, taken_at, authorized, "
                    + "authorized_to_maintain_liabilities, unauthorized, amount) VALUES (:asset, :at, :authorized, "
                    + ":authorized_to_maintain_liabilities, :unauthorized, :amount)")
                    .bindMap(row).bind("at", at.toString()).execute();
            if (differs) {
                events.add(new EventLog.NewEvent(EventType.ASSET_UPDATED.label(), (String) row.get("asset"),
                        json.writeValueAsString(row)));
            }
        }
        // Last: the event log's lock is held from the first append to the commit (EventLog.appendAll).
        EventLog.appendAll(h, events, at);
        return events.size();
    }

    private static Map<String, Object> row(AssetStats a) {
        final Map<String, Object> row = new LinkedHashMap<>();
        row.put("asset", a.asset().canonical());
        row.put("code", a.asset().code());
        row.put("issuer", a.asset().issuer());
        row.put("paging_token", a.pagingToken());
        row.put("authorized", a.authorized());
        row.put("authorized_to_maintain_liabilities", a.authorizedToMaintainLiabilities());
        row.put("unauthorized", a.unauthorized());
        row.put("num_liquidity_pools", a.numLiquidityPools());
        row.put("amount", Amounts.format(a.amount()));
        row.put("flags", flags(a.flags()));
        return row;
    }

    private static String flags(AssetStats.Flags f) {
        final List<String> set = new ArrayList<>();
        if (f.authRequired()) {
            set.add("auth_required");
        }
        if (f.authRevocable()) {
            set.add("auth_revocable");
        }
        if (f.authImmutable()) {
            set.add("auth_immutable");
        }
        if (f.authClawbackEnabled()) {
            set.add("auth_clawback_enabled");
        }
        return String.join(",", set);
    }

    private static boolean sameState(Map<String, Object> stored, Map<String, Object> row) {
        return ((Number) stored.get("authorized")).longValue() == (long) row.get("authorized")
                && ((Number) stored.get("authorized_to_maintain_liabilities")).longValue()
                == (long) row.get("authorized_to_maintain_liabilities")
                && ((Number) stored.get("unauthorized")).longValue() == (long) row.get("unauthorized")
                && stored.get("amount").equals(row.get("amount"));
    }
}
