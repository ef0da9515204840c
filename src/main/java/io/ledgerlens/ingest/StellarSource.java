package io.ledgerlens.ingest;

import io.ledgerlens.lifecycle.JobUnit.StopToken;

import java.util.List;

/**
 * Where Stellar data comes from: a Horizon server or the simulated network. Every call may block on a peer, so
 * every call takes the job's stop token: retries and back-off end early (with {@link SourceException}) once a stop
 * is requested, leaving nothing half-written because callers write only after a call has returned.
 */
public interface StellarSource {
    String name();

    /** The newest closed ledger's sequence. */
    long latestLedger(StopToken stop) throws SourceException, InterruptedException;

    /** Ledgers after {@code cursor} (a ledger paging token; "" for the first), ascending, at most {@code limit}. */
    Page<Ledger> ledgers(String cursor, int limit, StopToken stop) throws SourceException, InterruptedException;

    /** Every payment-like operation of one ledger, failed transactions included, in operation order. */
    List<Payment> payments(long ledgerSequence, StopToken stop) throws SourceException, InterruptedException;

    /** Pools after {@code cursor} ("" for the first), at most {@code limit}. */
    Page<LiquidityPool> pools(String cursor, int limit, StopToken stop) throws SourceException, InterruptedException;

    /** Assets after {@code cursor} ("" for the first), at most {@code limit}. */
    Page<AssetStats> assets(String cursor, int limit, StopToken stop) throws SourceException, InterruptedException;
}
