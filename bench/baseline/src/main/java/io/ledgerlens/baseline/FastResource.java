package io.ledgerlens.baseline;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * A ledger-sized JSON object (about the size of LedgerLens's /api/ledgers/latest answer) serialised by Jackson on
 * every request: the usual "fast endpoint" of a Dropwizard service.
 */
@Path("/fast")
@Produces(MediaType.APPLICATION_JSON)
public class FastResource {
    public record Ledger(long sequence, String hash, String prevHash, String closedAt, int successfulTransactionCount,
                         int failedTransactionCount, int operationCount, String totalCoins, String feePool,
                         long baseFeeInStroops, long baseReserveInStroops, int maxTxSetSize, int protocolVersion,
                         List<String> links) {
    }

    private static final Ledger LEDGER = new Ledger(52_000_000L,
            "6f3b3c0b2a1d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f",
            "0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b",
            "2026-12-01T12:00:00Z", 212, 31, 1_024, "105443902087.3472865", "3071462.1219154", 100, 5_000_000,
            1_000, 22, List.of("/fast", "/slow"));

    @GET
    public Ledger fast() {
        return LEDGER;
    }
}
