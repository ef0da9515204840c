package io.ledgerlens.ingest;

import java.util.List;

/**
 * Copies of stored records that {@link LedgerIngestion#warmUp} writes and rolls back: a negative sequence, the
 * hash reversed, negative payment ids and paging tokens (real ones are positive numbers), so that they never collide
 * with a ledger or payment that the leader writes at the same moment, and keep the columns' lengths.
 */
final class WarmUpCopies {
    private WarmUpCopies() {
    }

    static Ledger ledger(Ledger l) {
        final long sequence = -l.sequence();
        return new Ledger(sequence, "-" + l.id(), "-" + l.pagingToken(), new StringBuilder(l.hash()).reverse().toString(),
                l.prevHash(), l.successfulTransactionCount(), l.failedTransactionCount(), l.operationCount(),
                l.txSetOperationCount(), l.closedAt(), l.totalCoins(), l.feePool(), l.baseFeeInStroops(),
                l.baseReserveInStroops(), l.maxTxSetSize(), l.protocolVersion(), l.headerXdr());
    }

    static List<Payment> payments(List<Payment> payments, long sequence) {
        return payments.stream().map(p -> new Payment("-" + p.id(), "-" + p.pagingToken(), sequence,
                p.transactionHash(), p.transactionSuccessful(), p.type(), p.createdAt(), p.from(), p.to(), p.asset(),
                p.amount(), p.sourceAsset(), p.sourceAmount())).toList();
    }

    /** Thrown inside the warm-up transaction so that Jdbi rolls it back. */
    static final class RolledBack extends RuntimeException {
        RolledBack() {
            super("warm-up write rolled back", null, false, false);
        }
    }
}
