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

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Liquidity pools, paged by id, and one pool with its newest snapshots. */
@Path("/api/liquidity-pools")
@Produces(MediaType.APPLICATION_JSON)
public final class PoolsResource {
    private final StellarReads reads;
    private final CachedJson cached;

    PoolsResource(StellarReads reads, CachedJson cached) {
        this.reads = reads;
        this.cached = cached;
    }

    @GET
    public Response list(@QueryParam("cursor") String cursorText, @QueryParam("limit") String limitText) {
        final String cursor = cursorText == null || cursorText.isEmpty() ? null : Params.poolId(cursorText);
        final int limit = Params.limit(limitText, 50, 200);
        return cached.respond(CacheKind.POOLS, "list:" + cursor + ":" + limit, () -> Optional.of(Pages.of(
                reads.pools(cursor, limit + 1), limit, row -> row.get("id"))), "");
    }

    @GET
    @Path("/{id}")
    public Response pool(@PathParam("id") String idText, @QueryParam("snapshots") String snapshotsText) {
        final String id = Params.poolId(idText);
        final int snapshots = Params.bounded("snapshots", snapshotsText, 50, 500);
        return cached.respond(CacheKind.POOLS, "one:" + id + ":" + snapshots, () -> reads.pool(id).map(row -> {
            final Map<String, Object> body = new LinkedHashMap<>(row);
            body.put("snapshots", reads.poolSnapshots(id, snapshots));
            return body;
        }), "liquidity pool " + id + " is not stored");
    }
}
