package io.ledgerlens.api;

import io.ledgerlens.cache.CacheKind;
import io.ledgerlens.api.StellarReads;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Optional;

/** Stored ledgers and their payments. A stored ledger never changes, so it is cached as immutable. */
@Path("/api/ledgers")
@Produces(MediaType.APPLICATION_JSON)
public final class LedgersResource {
    static final int MAX_LIMIT = 200;
    private final StellarReads reads;
    private final CachedJson cached;

    LedgersResource(StellarReads reads, CachedJson cached) {
        this.reads = reads;
        this.cached = cached;
    }

    @GET
    @Path("/latest")
    public Response latest() {
        return cached.respond(CacheKind.LEDGERS, "latest", () -> reads.latestLedger(), "no ledger is stored yet");
    }

    @GET
    @Path("/{sequence}")
    public Response ledger(@PathParam("sequence") String sequenceText) {
        final long sequence = Params.sequence("sequence", sequenceText);
        return cached.respond(CacheKind.LEDGER, "ledger:" + sequence, () -> reads.ledger(sequence),
                "ledger " + sequence + " is not stored");
    }

    @GET
    public Response list(@QueryParam("cursor") String cursorText, @QueryParam("limit") String limitText,
                         @QueryParam("order") String orderText) {
        final Long cursor = Params.cursor(cursorText);
        final int limit = Params.limit(limitText, 20, MAX_LIMIT);
        final boolean ascending = Params.ascending(orderText);
        final String request = "list:" + (ascending ? "asc" : "desc") + ":" + cursor + ":" + limit;
        return cached.respond(CacheKind.LEDGERS, request, () -> Optional.of(Pages.of(
                reads.ledgers(cursor, limit + 1, ascending), limit, row -> row.get("sequence"))), "");
    }

    @GET
    @Path("/{sequence}/payments")
    public Response payments(@PathParam("sequence") String sequenceText, @QueryParam("cursor") String cursorText,
                             @QueryParam("limit") String limitText) {
        final long sequence = Params.sequence("sequence", sequenceText);
        // The cursor is the operation index of the last payment seen (0 for the first one).
        final int after = Params.index("cursor", cursorText, -1, Integer.MAX_VALUE / 2);
        final int limit = Params.limit(limitText, 50, MAX_LIMIT);
        final String request = "payments:" + sequence + ":" + after + ":" + limit;
        return cached.respond(CacheKind.LEDGER, request, () -> reads.ledger(sequence).map(ledger -> Pages.of(
                        reads.payments(sequence, after, limit + 1), limit, p -> p.get("op_index"))),
                "ledger " + sequence + " is not stored");
    }
}
