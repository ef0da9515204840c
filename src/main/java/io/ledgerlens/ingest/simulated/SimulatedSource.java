package io.ledgerlens.ingest.simulated;

import io.ledgerlens.ingest.AssetStats;
import io.ledgerlens.ingest.Ledger;
import io.ledgerlens.ingest.LiquidityPool;
import io.ledgerlens.ingest.Page;
import io.ledgerlens.ingest.Payment;
import io.ledgerlens.ingest.SourceException;
import io.ledgerlens.ingest.StellarSource;
import io.ledgerlens.lifecycle.JobUnit.StopToken;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A deterministic in-process Stellar network: ledger n has closed once its close time has passed. */
public final class SimulatedSource implements StellarSource {
    private final SimulatedNetwork network;
    private final Clock clock;

    public SimulatedSource(SimulatedNetwork network, Clock clock) {
        this.network = network;
        this.clock = clock;
    }

    public SimulatedNetwork network() {
        return network;
    }

    @Override
    public String name() {
        return "simulated";
    }

    @Override
    public long latestLedger(StopToken stop) {
        final SimulatedConfig config = network.config();
        final Duration elapsed = Duration.between(config.genesisTime(), clock.instant());
        if (elapsed.isNegative()) {
            return config.genesisSequence() - 1;
        }
        return config.genesisSequence() + elapsed.toNanos() / config.pace().toNanos();
    }

    @Override
    public Page<Ledger> ledgers(String cursor, int limit, StopToken stop) throws SourceException {
        final long after = cursor.isEmpty() ? network.config().genesisSequence() - 1 : sequenceOf(cursor);
        final long first = Math.max(after + 1, network.config().genesisSequence());
        final long last = Math.min(latestLedger(stop), first + limit - 1);
        final List<Ledger> ledgers = new ArrayList<>();
        for (long sequence = first; sequence <= last; sequence++) {
            ledgers.add(network.ledger(sequence));
        }
        return new Page<>(ledgers, ledgers.isEmpty() ? cursor : ledgers.get(ledgers.size() - 1).pagingToken());
    }

    @Override
    public List<Payment> payments(long ledgerSequence, StopToken stop) throws SourceException {
        if (ledgerSequence < network.config().genesisSequence() || ledgerSequence > latestLedger(stop)) {
            throw new SourceException("ledger " + ledgerSequence + " has not closed on the simulated network");
        }
        return network.payments(ledgerSequence);
    }

    @Override
    public Page<LiquidityPool> pools(String cursor, int limit, StopToken stop) {
        return page(network.pools(latestLedger(stop)), LiquidityPool::pagingToken, cursor, limit);
    }

    @Override
    public Page<AssetStats> assets(String cursor, int limit, StopToken stop) {
        return page(network.assetStats(latestLedger(stop)), AssetStats::pagingToken, cursor, limit);
    }

    private static <T> Page<T> page(List<T> all, Function<T, String> token, String cursor, int limit) {
        final List<T> records = all.stream()
                .filter(r -> cursor.isEmpty() || token.apply(r).compareTo(cursor) > 0)
                .limit(limit)
                .toList();
        return new Page<>(records, records.isEmpty() ? cursor : token.apply(records.get(records.size() - 1)));
    }

    private static long sequenceOf(String cursor) throws SourceException {
        try {
            return Long.parseLong(cursor) >> 32;
        } catch (NumberFormatException e) {
            throw new SourceException("not a ledger paging token: '" + cursor + "'");
        }
    }
}
