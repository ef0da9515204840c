package io.ledgerlens.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerlens.auth.Roles;
import jakarta.annotation.security.RolesAllowed;
import io.ledgerlens.webhooks.Deliveries;
import io.ledgerlens.webhooks.Delivery;
import io.ledgerlens.webhooks.Subscription;
import io.ledgerlens.webhooks.SubscriptionRules;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Webhook subscriptions over HTTP: create (the signing secret is returned once, then never again), list, get,
 * update, rotate the secret, delete, send a test event, list deliveries and dead letters, and put dead letters back
 * in the queue. The rules are {@link SubscriptionRules}'; this class checks the request and shapes the answer.
 * Every call needs a token with the webhooks right (Dropwizard's bearer filter, {@code io.ledgerlens.auth}).
 */
@Path("/api/webhooks")
@RolesAllowed(Roles.WEBHOOKS)
@Produces(MediaType.APPLICATION_JSON)
public final class WebhooksResource {
    private static final Pattern ID = Pattern.compile("wh_[0-9a-f]{16}");
    private static final Set<String> STATES = Set.of("pending", "in_flight", "delivered", "dead");

    private final SubscriptionRules rules;

    public WebhooksResource(SubscriptionRules rules) {
        this.rules = rules;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(JsonNode body) throws Exception {
        final Subscription created = rules.create(WebhookRequests.parse(body, true).changes());
        final Map<String, Object> view = view(created, null);
        view.put("secret", created.secret());
        return Response.created(URI.create("/api/webhooks/" + created.id())).entity(view).build();
    }

    @GET
    public Map<String, Object> list() {
        return Map.of("records", rules.all().stream().map(s -> view(s, null)).toList());
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> get(@PathParam("id") String id) {
        final Subscription s = rules.find(checkId(id));
        return view(s, rules.deliveryCounts(s));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> update(@PathParam("id") String id, JsonNode body) throws Exception {
        final SubscriptionRules.Changes changes = WebhookRequests.parse(body, false).changes();
        return view(rules.update(checkId(id), changes), null);
    }

    @POST
    @Path("/{id}/rotate-secret")
    public Map<String, Object> rotateSecret(@PathParam("id") String id) throws Exception {
        final String checked = checkId(id);
        return Map.of("id", checked, "secret", rules.rotateSecret(checked));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id)
            throws Exception {
        rules.delete(checkId(id));
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/test")
    public Response test(@PathParam("id") String id)
            throws Exception {
        final Delivery queued = rules.queueTest(checkId(id));
        return Response.accepted(queued).location(URI.create("/api/webhooks/" + id + "/deliveries/" + queued.id()))
                .build();
    }

    @GET
    @Path("/{id}/deliveries")
    public Map<String, Object> deliveries(@PathParam("id") String id, @QueryParam("state") String state,
                                          @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        if (state != null && !STATES.contains(state)) {
            throw ApiErrors.badRequest("state must be one of " + STATES + ", got '" + state + "'");
        }
        return page(rules.find(checkId(id)), state, cursor, limit);
    }

    @GET
    @Path("/{id}/deliveries/{deliveryId}")
    public Delivery delivery(@PathParam("id") String id,
                             @PathParam("deliveryId") String deliveryId) {
        return rules.delivery(rules.find(checkId(id)), deliveryId);
    }

    @GET
    @Path("/{id}/dead-letters")
    public Map<String, Object> deadLetters(@PathParam("id") String id, @QueryParam("cursor") String cursor,
                                           @QueryParam("limit") String limit) {
        return page(rules.find(checkId(id)), "dead", cursor, limit);
    }

    @POST
    @Path("/{id}/dead-letters/retry")
    public Map<String, Object> retryDeadLetters(@PathParam("id") String id) throws Exception {
        return Map.of("requeued", rules.requeueDead(checkId(id)));
    }

    private Map<String, Object> page(Subscription s, String state, String cursorText, String limitText) {
        final int limit = Params.limit(limitText, 50, 200);
        final Deliveries.Cursor cursor;
        try {
            cursor = cursorText == null || cursorText.isEmpty() ? null : Deliveries.Cursor.parse(cursorText);
        } catch (IllegalArgumentException e) {
            throw ApiErrors.badRequest(e.getMessage());
        }
        final List<Delivery> records = rules.deliveries(s, state, cursor, limit);
        final Map<String, Object> page = new LinkedHashMap<>();
        page.put("records", records);
        page.put("next", records.size() == limit ? Deliveries.Cursor.of(records.get(limit - 1)).toString() : null);
        return page;
    }

    private static String checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw ApiErrors.badRequest("webhook id must look like wh_ followed by 16 hex characters, got '" + id + "'");
        }
        return id;
    }

    private static Map<String, Object> view(Subscription s, Map<String, Long> deliveries) {
        final Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", s.id());
        view.put("url", s.url());
        view.put("eventTypes", s.eventTypes());
        view.put("description", s.description());
        view.put("active", s.active());
        // Why and since when it is paused (manual, backlog_cap or failing); null while active.
        view.put("pausedReason", s.pausedReason());
        view.put("pausedAt", s.pausedAt() == null ? null : s.pausedAt().toString());
        view.put("createdAt", s.createdAt().toString());
        view.put("updatedAt", s.updatedAt().toString());
        if (deliveries != null) {
            view.put("deliveries", deliveries);
        }
        return view;
    }
}
