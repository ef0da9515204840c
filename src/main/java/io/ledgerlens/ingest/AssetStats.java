package io.ledgerlens.ingest;

import java.math.BigDecimal;

/** An asset as {@code /assets} describes it: holders by authorization state, supply and flags. */
public record AssetStats(AssetId asset, String pagingToken, long authorized, long authorizedToMaintainLiabilities,
                         long unauthorized, long numLiquidityPools, BigDecimal amount, Flags flags) {

    public record Flags(boolean authRequired, boolean authRevocable, boolean authImmutable,
                        boolean authClawbackEnabled) {
        public static final Flags NONE = new Flags(false, false, false, false);
    }
}
