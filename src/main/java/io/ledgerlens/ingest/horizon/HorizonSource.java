package io.ledgerlens.ingest.horizon;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerlens.ingest.AssetStats;
import io.ledgerlens.ingest.Ledger;
import io.ledgerlens.ingest.LiquidityPool;
import io.ledgerlens.ingest.Page;
import io.ledgerlens.ingest.Payment;
import io.ledgerlens.ingest.SourceException;
import io.ledgerlens.ingest.StellarSource;
import io.ledgerlens.lifecycle.JobUnit.StopToken;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The Horizon subset LedgerLens consumes (DESIGN.md): ledgers, payments per ledger, liquidity pools, assets. */
public final class HorizonSource implements StellarSource {
    static final int MAX_PAGE = 200;
    private final HorizonClient client;

    public HorizonSource(HorizonClient client) {
        this.client = client;
    }

    @Override
    public String name() {
        return "horizon";
    }

    @Override
    public long latestLedger(StopToken stop) throws SourceException, InterruptedException {
        final List<JsonNode> records = client.records("/ledgers?order=desc&limit=1", stop);
        if (records.isEmpty()) {
            throw new SourceException("Horizon returned no ledger for /ledgers?order=desc&limit=1");
        }
        return map("/ledgers?order=desc&limit=1", records, HorizonRecords::ledger).get(0).sequence();
    }

    @Override
    public Page<Ledger> ledgers(String cursor, int limit, StopToken stop) throws SourceException,
            InterruptedException {
        final String path = "/ledgers?order=asc&limit=" + bounded(limit) + cursorParam(cursor);
        final List<Ledger> ledgers = map(path, client.records(path, stop), HorizonRecords::ledger);
        return new Page<>(ledgers, ledgers.isEmpty() ? cursor : ledgers.get(ledgers.size() - 1).pagingToken());
    }

    @Override
    public List<Payment> payments(long ledgerSequence, StopToken stop) throws SourceException,
            InterruptedException {
        final List<Payment> payments = new ArrayList<>();
        String cursor = "";
        while (true) {
            final String path = "/ledgers/" + ledgerSequence + "/payments?order=asc&include_failed=true&limit="
                    + MAX_PAGE + cursorParam(cursor);
            final List<JsonNode> records = client.records(path, stop);
            for (JsonNode record : records) {
                try {
                    HorizonRecords.payment(record, ledgerSequence).ifPresent(payments::add);
                } catch (HorizonRecords.HorizonFormatException e) {
                    throw new SourceException("GET " + path + ": " + e.getMessage());
                }
            }
            if (records.size() < MAX_PAGE) {
                return payments;
            }
            cursor = records.get(records.size() - 1).path("paging_token").asText();
        }
    }

    @Override
    public Page<LiquidityPool> pools(String cursor, int limit, StopToken stop) throws SourceException,
            InterruptedException {
        final String path = "/liquidity_pools?limit=" + bounded(limit) + cursorParam(cursor);
        final List<LiquidityPool> pools = map(path, client.records(path, stop), HorizonRecords::pool);
        return new Page<>(pools, pools.isEmpty() ? cursor : pools.get(pools.size() - 1).pagingToken());
    }

    @Override
    public Page<AssetStats> assets(String cursor, int limit, StopToken stop) throws SourceException,
            InterruptedException {
        final String path = "/assets?limit=" + bounded(limit) + cursorParam(cursor);
        final List<AssetStats> assets = map(path, client.records(path, stop), HorizonRecords::asset);
        return new Page<>(assets, assets.isEmpty() ? cursor : assets.get(assets.size() - 1).pagingToken());
    }

    private static <T> List<T> map(String path, List<JsonNode> records, Function<JsonNode, T> mapper)
            throws SourceException {
        final List<T> mapped = new ArrayList<>(records.size());
        for (JsonNode record : records) {
            try {
                mapped.add(mapper.apply(record));
            } catch (HorizonRecords.HorizonFormatException e) {
                throw new SourceException("GET " + path + ": " + e.getMessage());
            }
        }
        return mapped;
    }

    private static int bounded(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
        return Math.min(limit, MAX_PAGE);
    }

    private static String cursorParam(String cursor) {
        return cursor == null || cursor.isEmpty() ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
    }
}
