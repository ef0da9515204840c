package io.ledgerlens.ingest;

import io.ledgerlens.ingest.Amounts;
import io.ledgerlens.ingest.Ledger;
import io.ledgerlens.ingest.Payment;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Inserts ledgers and payments inside the caller's transaction. Plain INSERTs on purpose: a ledger or payment
 * stored twice is a bug that must fail the batch loudly, never be absorbed by an upsert.
 */
public final class LedgerWrites {
    private LedgerWrites() {
    }

    public record Head(long sequence, String hash) {
    }

    public static Optional<Head> head(Handle handle) {
        return handle.createQuery("SELECT sequence, hash FROM ledgers ORDER BY sequence DESC LIMIT 1")
                .map((rs, ctx) -> new Head(rs.getLong("sequence"), rs.getString("hash"))).findOne();
    }

    public static void insertLedger(Handle handle, Ledger ledger, int paymentCount, Instant ingestedAt) {
        handle.createUpdate("INSERT INTO ledgers (sequence, hash, prev_hash, paging_token, closed_at, "
                        + "successful_transaction_count, failed_transaction_count, operation_count, "
                        + "tx_set_operation_count, total_coins, fee_pool, base_fee_in_stroops, base_reserve_in_stroops, "
                        + "max_tx_set_size, protocol_version, header_xdr, payment_count, ingested_at) VALUES (:sequence, "
                        + ":hash, :prevHash, :pagingToken, :closedAt, :successful, :failed, :operations, :txSetOperations, "
                        + ":totalCoins, :feePool, :baseFee, :baseReserve, :maxTxSetSize, :protocol, :headerXdr, "
                        + ":paymentCount, :ingestedAt)")
                .bind("sequence", ledger.sequence())
                .bind("hash", ledger.hash())
                .bind("prevHash", ledger.prevHash())
                .bind("pagingToken", ledger.pagingToken())
                .bind("closedAt", ledger.closedAt().toString())
                .bind("successful", ledger.successfulTransactionCount())
                .bind("failed", ledger.failedTransactionCount())
                .bind("operations", ledger.operationCount())
                .bind("txSetOperations", ledger.txSetOperationCount())
                .bind("totalCoins", Amounts.format(ledger.totalCoins()))
                .bind("feePool", Amounts.format(ledger.feePool()))
                .bind("baseFee", ledger.baseFeeInStroops())
                .bind("baseReserve", ledger.baseReserveInStroops())
                .bind("maxTxSetSize", ledger.maxTxSetSize())
                .bind("protocol", ledger.protocolVersion())
                .bind("headerXdr", ledger.headerXdr())
                .bind("paymentCount", paymentCount)
                .bind("ingestedAt", ingestedAt.toString())
                .execute();
    }

    public static void insertPayments(Handle handle, List<Payment> payments) {
        if (payments.isEmpty()) {
            return;
        }
        final PreparedBatch batch = handle.prepareBatch("INSERT INTO payments (id, paging_token, ledger_sequence, "
                + "op_index, transaction_hash, transaction_successful, type, created_at, from_account, to_account, "
                + "asset, amount, source_asset, source_amount) VALUES (:id, :pagingToken, :ledger, :opIndex, :txHash, "
                + ":successful, :type, :createdAt, :from, :to, :asset, :amount, :sourceAsset, :sourceAmount)");
        for (int i = 0; i < payments.size(); i++) {
            final Payment p = payments.get(i);
            batch.bind("id", p.id())
                    .bind("pagingToken", p.pagingToken())
                    .bind("ledger", p.ledgerSequence())
                    .bind("opIndex", i)
                    .bind("txHash", p.transactionHash())
                    .bind("successful", p.transactionSuccessful() ? 1 : 0)
                    .bind("type", p.type())
                    .bind("createdAt", p.createdAt().toString())
                    .bind("from", p.from())
                    .bind("to", p.to())
                    .bind("asset", p.asset().canonical())
                    .bind("amount", Amounts.format(p.amount()))
                    .bind("sourceAsset", p.sourceAsset().canonical())
                    .bind("sourceAmount", Amounts.format(p.sourceAmount()))
                    .add();
        }
        batch.execute();
    }
}
