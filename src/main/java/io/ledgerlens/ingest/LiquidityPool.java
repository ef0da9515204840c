package io.ledgerlens.ingest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A liquidity pool as {@code /liquidity_pools} describes it. */
public record LiquidityPool(String id, String pagingToken, int feeBp, String type, long totalTrustlines,
                            BigDecimal totalShares, List<Reserve> reserves, long lastModifiedLedger,
                            Instant lastModifiedTime) {
    public LiquidityPool {
        reserves = List.copyOf(reserves);
    }

    public record Reserve(AssetId asset, BigDecimal amount) {
    }
}
