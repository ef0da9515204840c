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

/** Payment corridors: totals, paged by key, and one corridor with its newest hourly rollups. */
@Path("/api/corridors")
@Produces(MediaType.APPLICATION_JSON)
public final class CorridorsResource {
    private final StellarReads reads;
    private final CachedJson cached;

    CorridorsResource(StellarReads reads, CachedJson cached) {
        this.reads = reads;
        this.cached = cached;
    }

    @GET
    public Response list(@QueryParam("cursor") String cursorText, @QueryParam("limit") String limitText) {
        final String cursor = cursorText == null || cursorText.isEmpty() ? null : Params.corridor(cursorText);
        final int limit = Params.limit(limitText, 50, 200);
        return cached.respond(CacheKind.CORRIDORS, "list:" + cursor + ":" + limit, () -> Optional.of(Pages.of(
                reads.corridors(cursor, limit + 1), limit, row -> row.get("corridor"))), "");
    }

    @GET
    @Path("/{key}")
    public Response corridor(@PathParam("key") String keyText, @QueryParam("hours") String hoursText) {
        final String key = Params.corridor(keyText);
        final int hours = Params.bounded("hours", hoursText, 24, 720);
        return cached.respond(CacheKind.CORRIDORS, "one:" + key + ":" + hours, () -> reads.corridor(key).map(row -> {
            final Map<String, Object> body = new LinkedHashMap<>(row);
            body.put("hours", reads.corridorHours(key, hours));
            return body;
        }), "corridor " + key + " has no payments stored");
    }
}
