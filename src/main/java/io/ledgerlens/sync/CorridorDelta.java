package io.ledgerlens.sync;

import io.ledgerlens.ingest.Corridors;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** What one batch of payments adds to a corridor (or to one hour of it). Volumes count successful payments only. */
final class CorridorDelta {
    private final String corridor;
    private final String sourceAsset;
    private final String destAsset;
    long count;
    long successful;
    BigDecimal sourceVolume = BigDecimal.ZERO;
    BigDecimal destVolume = BigDecimal.ZERO;
    Instant firstSeen;
    Instant lastSeen;
    long lastLedger;

    CorridorDelta(String corridor, String sourceAsset, String destAsset) {
        this.corridor = corridor;
        this.sourceAsset = sourceAsset;
        this.destAsset = destAsset;
    }

    void add(Row row) {
        count++;
        if (row.successful()) {
            successful++;
            sourceVolume = sourceVolume.add(new BigDecimal(row.sourceAmount()));
            destVolume = destVolume.add(new BigDecimal(row.amount()));
        }
        if (firstSeen == null || row.createdAt().isBefore(firstSeen)) {
            firstSeen = row.createdAt();
        }
        if (lastSeen == null || row.createdAt().isAfter(lastSeen)) {
            lastSeen = row.createdAt();
        }
        lastLedger = Math.max(lastLedger, row.ledger());
    }

    String corridor() {
        return corridor;
    }

    String sourceAsset() {
        return sourceAsset;
    }

    String destAsset() {
        return destAsset;
    }

    /** A stored payment, as the corridor sync reads it. */
    record Row(long ledger, boolean successful, Instant createdAt, String asset, String amount, String sourceAsset,
               String sourceAmount) {
        String corridor() {
            return sourceAsset + Corridors.SEPARATOR + asset;
        }

        String hour() {
            return createdAt.truncatedTo(ChronoUnit.HOURS).toString();
        }
    }
}
