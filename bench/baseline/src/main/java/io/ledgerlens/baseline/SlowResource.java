package io.ledgerlens.baseline;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/** Answers after {@code ms} milliseconds (default 200, at most 30 s): a request that is in flight at a stop. */
@Path("/slow")
@Produces(MediaType.APPLICATION_JSON)
public class SlowResource {
    @GET
    public Map<String, Long> slow(@QueryParam("ms") @DefaultValue("200") long ms) throws InterruptedException {
        if (ms < 0 || ms > 30_000) {
            throw new WebApplicationException("ms must be 0..30000", 400);
        }
        Thread.sleep(ms);
        return Map.of("sleptMs", ms);
    }
}
