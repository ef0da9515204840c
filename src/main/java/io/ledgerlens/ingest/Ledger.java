package io.ledgerlens.ingest;

import java.math.BigDecimal;
import java.time.Instant;

/** A closed ledger as Horizon's {@code /ledgers} describes it (the fields LedgerLens keeps). */
public record Ledger(long sequence, String id, String pagingToken, String hash, String prevHash,
                     int successfulTransactionCount, int failedTransactionCount, int operationCount,
                     int txSetOperationCount, Instant closedAt, BigDecimal totalCoins, BigDecimal feePool,
                     long baseFeeInStroops, long baseReserveInStroops, int maxTxSetSize, int protocolVersion,
                     String headerXdr) {

    /** Horizon's paging token for a ledger: its sequence in the high 32 bits of a TOID. */
    public static String pagingTokenOf(long sequence) {
        return Long.toString(sequence << 32);
    }

    /** The cursor that makes {@code /ledgers?order=asc} start at {@code sequence}. */
    public static String cursorBefore(long sequence) {
        return pagingTokenOf(sequence - 1);
    }
}
