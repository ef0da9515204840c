package io.ledgerlens.ingest;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A payment-like operation from {@code /ledgers/{sequence}/payments}: {@code payment},
 * {@code path_payment_strict_send}, {@code path_payment_strict_receive} and {@code create_account}.
 * {@code asset}/{@code amount} are what the destination received; {@code sourceAsset}/{@code sourceAmount} what
 * the source sent (the same as the destination's for a plain payment; the starting balance for create_account).
 */
public record Payment(String id, String pagingToken, long ledgerSequence, String transactionHash,
                      boolean transactionSuccessful, String type, Instant createdAt, String from, String to,
                      AssetId asset, BigDecimal amount, AssetId sourceAsset, BigDecimal sourceAmount) {

    /** The corridor this payment belongs to: source asset to destination asset. */
    public String corridor() {
        return Corridors.key(sourceAsset, asset);
    }
}
