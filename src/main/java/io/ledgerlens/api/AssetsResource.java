package io.ledgerlens.api;

import io.ledgerlens.cache.CacheKind;
import io.ledgerlens.api.StellarReads;
import io.ledgerlens.ingest.AssetId;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;

/** An asset's holder counts by authorization state (its trustlines) and their history. */
@Path("/api/assets")
@Produces(MediaType.APPLICATION_JSON)
public final class AssetsResource {
    private final StellarReads reads;
    private final CachedJson cached;

    AssetsResource(StellarReads reads, CachedJson cached) {
        this.reads = reads;
        this.cached = cached;
    }

    @GET
    @Path("/{code}/{issuer}")
    public Response asset(@PathParam("code") String code, @PathParam("issuer") String issuer,
                          @QueryParam("limit") String limitText) {
        final AssetId asset = Params.asset(code, issuer);
        final int limit = Params.limit(limitText, 50, 500);
        final String canonical = asset.canonical();
        return cached.respond(CacheKind.ASSETS, canonical + ":" + limit, () -> reads.asset(canonical).map(row -> {
            final Map<String, Object> body = new LinkedHashMap<>(row);
            body.put("history", reads.assetSnapshots(canonical, limit));
            return body;
        }), "asset " + canonical + " is not stored");
    }
}
