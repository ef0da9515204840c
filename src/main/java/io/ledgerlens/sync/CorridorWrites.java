package io.ledgerlens.sync;

import io.ledgerlens.ingest.Amounts;
import org.jdbi.v3.core.Handle;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Adds a corridor delta to the stored totals and hourly rows. Volumes are decimal text summed in Java with
 * BigDecimal: SQL SUM over text would go through floating point.
 */
final class CorridorWrites {
    private CorridorWrites() {
    }

    /** @return the corridor's totals after the addition, shaped as the {@code corridor.updated} event payload */
    static Map<String, Object> addToTotals(Handle h, CorridorDelta d) {
        final Optional<Map<String, Object>> stored = h.createQuery("SELECT payment_count, successful_count, "
                        + "source_volume, dest_volume, first_seen, last_seen, last_ledger FROM corridors "
                        + "WHERE corridor = :corridor")
                .bind("corridor", d.corridor()).mapToMap().findOne();
        long count = d.count;
        long successful = d.successful;
        BigDecimal sourceVolume = d.sourceVolume;
        BigDecimal destVolume = d.destVolume;
        String firstSeen = d.firstSeen.toString();
        String lastSeen = d.lastSeen.toString();
        long lastLedger = d.lastLedger;
        if (stored.isPresent()) {
            final Map<String, Object> row = stored.get();
            count += ((Number) row.get("payment_count")).longValue();
            successful += ((Number) row.get("successful_count")).longValue();
            sourceVolume = sourceVolume.add(new BigDecimal((String) row.get("source_volume")));
            destVolume = destVolume.add(new BigDecimal((String) row.get("dest_volume")));
            firstSeen = earlier(firstSeen, (String) row.get("first_seen"));
            lastSeen = later(lastSeen, (String) row.get("last_seen"));
            lastLedger = Math.max(lastLedger, ((Number) row.get("last_ledger")).longValue());
        }
        final String sql = stored.isPresent()
                ? "UPDATE corridors SET payment_count = :count, successful_count = :successful, source_volume = :sv, "
                + "dest_volume = :dv, first_seen = :first, last_seen = :last, last_ledger = :ledger "
                + "WHERE corridor = :corridor"
                : "INSERT INTO corridors (corridor, source_asset, dest_asset, payment_count, successful_count, "
                + "source_volume, dest_volume, first_seen, last_seen, last_ledger) VALUES (:corridor, :sourceAsset, "
                + ":destAsset, :count, :successful, :sv, :dv, :first, :last, :ledger)";
        h.createUpdate(sql)
                .bind("corridor", d.corridor()).bind("sourceAsset", d.sourceAsset()).bind("destAsset", d.destAsset())
                .bind("count", count).bind("successful", successful)
                .bind("sv", Amounts.format(sourceVolume)).bind("dv", Amounts.format(destVolume))
                .bind("first", firstSeen).bind("last", lastSeen).bind("ledger", lastLedger)
                .execute();
        final Map<String, Object> event = new LinkedHashMap<>();
        event.put("corridor", d.corridor());
        event.put("source_asset", d.sourceAsset());
        event.put("dest_asset", d.destAsset());
        event.put("payment_count", count);
        event.put("successful_count", successful);
        event.put("source_volume", Amounts.format(sourceVolume));
        event.put("dest_volume", Amounts.format(destVolume));
        event.put("last_seen", lastSeen);
        event.put("last_ledger", lastLedger);
        return event;
    }

    static void addToHour(Handle h, CorridorDelta d, String hour) {
        final Optional<Map<String, Object>> stored = h.createQuery("SELECT payment_count, successful_count, "
                        + "source_volume, dest_volume, last_seen FROM corridor_hours WHERE corridor = :corridor "
                        + "AND hour = :hour")
                .bind("corridor", d.corridor()).bind("hour", hour).mapToMap().findOne();
        long count = d.count;
        long successful = d.successful;
        BigDecimal sourceVolume = d.sourceVolume;
        BigDecimal destVolume = d.destVolume;
        String lastSeen = d.lastSeen.toString();
        if (stored.isPresent()) {
            final Map<String, Object> row = stored.get();
            count += ((Number) row.get("payment_count")).longValue();
            successful += ((Number) row.get("successful_count")).longValue();
            sourceVolume = sourceVolume.add(new BigDecimal((String) row.get("source_volume")));
            destVolume = destVolume.add(new BigDecimal((String) row.get("dest_volume")));
            lastSeen = later(lastSeen, (String) row.get("last_seen"));
        }
        final String sql = stored.isPresent()
                ? "UPDATE corridor_hours SET payment_count = :count, successful_count = :successful, "
                + "source_volume = :sv, dest_volume = :dv, last_seen = :last WHERE corridor = :corridor AND hour = :hour"
                : "INSERT INTO corridor_hours (corridor, hour, payment_count, successful_count, source_volume, "
                + "dest_volume, last_seen) VALUES (:corridor, :hour, :count, :successful, :sv, :dv, :last)";
        h.createUpdate(sql)
                .bind("corridor", d.corridor()).bind("hour", hour)
                .bind("count", count).bind("successful", successful)
                .bind("sv", Amounts.format(sourceVolume)).bind("dv", Amounts.format(destVolume))
                .bind("last", lastSeen)
                .execute();
    }

    private static String earlier(String a, String b) {
        return Instant.parse(a).isBefore(Instant.parse(b)) ? a : b;
    }

    private static String later(String a, String b) {
        return Instant.parse(a).isAfter(Instant.parse(b)) ? a : b;
    }
}
