package io.ledgerlens.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlens.auth.SharedToken;
import io.ledgerlens.db.Database;
import io.ledgerlens.events.EventLog;
import io.ledgerlens.webhooks.Deliveries;
import io.ledgerlens.webhooks.Delivery;
import io.ledgerlens.webhooks.EventTypes;
import io.ledgerlens.webhooks.Secrets;
import io.ledgerlens.webhooks.Subscription;
import io.ledgerlens.webhooks.Subscriptions;
import io.ledgerlens.webhooks.TargetGuard;
import io.ledgerlens.webhooks.WebhookConfig;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Webhook subscriptions: create (the signing secret is returned once, then never again), list, get, update,
 * rotate the secret, delete, send a test event, list deliveries and dead letters, and put dead letters back in
 * the queue.
 */
@Path("/api/webhooks")
@Produces(MediaType.APPLICATION_JSON)
public final class WebhooksResource {
    private static final Pattern ID = Pattern.compile("wh_[0-9a-f]{16}");
    private static final Set<String> STATES = Set.of("pending", "in_flight", "delivered", "dead");
    private static final Duration RESOLVE_TIMEOUT = Duration.ofSeconds(3);

    private final Database database;
    private final WebhookConfig config;
    private final TargetGuard guard;
    private final SharedToken token;
    private final Runnable wakeDispatcher;
    private final ObjectMapper json;
    private final Clock clock;

    public WebhooksResource(Database database, WebhookConfig config, TargetGuard guard, Runnable wakeDispatcher,
                            ObjectMapper json, Clock clock) {
        this.database = database;
        this.config = config;
        this.guard = guard;
        this.token = new SharedToken(config.apiToken());
        this.wakeDispatcher = wakeDispatcher;
        this.json = json;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, JsonNode body) throws Exception {
        authorize(auth);
        final WebhookRequests request = WebhookRequests.parse(body, true);
        final String url = checkedUrl(request.url());
        final Instant now = clock.instant();
        final Subscription created = database.inTransaction(h -> {
            if (Subscriptions.count(h) >= config.maxSubscriptions()) {
                throw ApiErrors.error(409, "there are already " + config.maxSubscriptions() + " subscriptions, the "
                        + "most webhooks.maxSubscriptions allows; delete one first");
            }
            final Subscription s = new Subscription(Secrets.subscriptionId(), url,
                    request.eventTypes(), request.description() == null ? "" : request.description(),
                    Secrets.signingSecret(),
                    request.active() == null || request.active(), EventLog.lastSequence(h), now, now);
            Subscriptions.insert(h, s);
            return s;
        });
        final Map<String, Object> view = view(created, null);
        view.put("secret", created.secret());
        return Response.created(URI.create("/api/webhooks/" + created.id())).entity(view).build();
    }

    @GET
    public Map<String, Object> list(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        authorize(auth);
        final List<Map<String, Object>> records = database.jdbi().withHandle(Subscriptions::all).stream()
                .map(s -> view(s, null)).toList();
        return Map.of("records", records);
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> get(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("id") String id) {
        authorize(auth);
        final Subscription s = find(id);
        return view(s, database.jdbi().withHandle(h -> Deliveries.counts(h, s.id(), clock.millis())));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> update(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
                                      @PathParam("id") String id, JsonNode body) throws Exception {
        authorize(auth);
        final WebhookRequests request = WebhookRequests.parse(body, false);
        final String url = request.url() == null ? null : checkedUrl(request.url());
        final Subscription updated = database.inTransaction(h -> {
            final Subscription before = Subscriptions.find(h, checkId(id)).orElseThrow(() -> notFound(id));
            Subscription after = before.withChanges(url, request.eventTypes(), request.description(),
                    request.active(), clock.instant());
            if (after.active() && !before.active()) {
                after = after.startingAfter(EventLog.lastSequence(h));
            }
            Subscriptions.update(h, after);
            return after;
        });
        wakeDispatcher.run();
        return view(updated, null);
    }

    /**
     * A new signing secret, returned this once. Attempts already under way were signed with the old one, so a
     * receiver accepts both for {@code webhooks.requestTimeout} after rotating.
     */
    @POST
    @Path("/{id}/rotate-secret")
    public Map<String, Object> rotateSecret(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
                                            @PathParam("id") String id) throws Exception {
        authorize(auth);
        final String checked = checkId(id);
        final String secret = Secrets.signingSecret();
        if (!database.inTransaction(h -> Subscriptions.updateSecret(h, checked, secret, clock.instant()))) {
            throw notFound(id);
        }
        return Map.of("id", checked, "secret", secret);
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("id") String id)
            throws Exception {
        authorize(auth);
        final String checked = checkId(id);
        if (!database.inTransaction(h -> Subscriptions.delete(h, checked))) {
            throw notFound(id);
        }
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/test")
    public Response test(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("id") String id)
            throws Exception {
        authorize(auth);
        final Subscription s = find(id);
        if (!s.active()) {
            throw ApiErrors.error(409, "subscription " + id + " is paused; set active to true to send to it");
        }
        final Instant now = clock.instant();
        final String deliveryId = s.id() + ":test-" + now.toEpochMilli() + "-" + Secrets.suffix();
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", deliveryId);
        body.put("type", EventTypes.TEST);
        body.put("sequence", null);
        body.put("subject", s.id());
        body.put("createdAt", now.toString());
        body.put("data", Map.of("message", "test delivery from LedgerLens"));
        final String text = json.writeValueAsString(body);
        database.useTransaction(h -> Deliveries.insert(h, List.of(new Deliveries.New(deliveryId, s.id(), null,
                EventTypes.TEST, text)), now.toEpochMilli()));
        wakeDispatcher.run();
        final Delivery queued = database.jdbi().withHandle(h -> Deliveries.find(h, s.id(), deliveryId,
                clock.millis())).orElseThrow();
        return Response.accepted(queued).location(URI.create("/api/webhooks/" + s.id() + "/deliveries/" + deliveryId))
                .build();
    }

    @GET
    @Path("/{id}/deliveries")
    public Map<String, Object> deliveries(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
                                          @PathParam("id") String id, @QueryParam("state") String state,
                                          @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        authorize(auth);
        if (state != null && !STATES.contains(state)) {
            throw ApiErrors.badRequest("state must be one of " + STATES + ", got '" + state + "'");
        }
        return page(find(id), state, cursor, limit);
    }

    @GET
    @Path("/{id}/deliveries/{deliveryId}")
    public Delivery delivery(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("id") String id,
                             @PathParam("deliveryId") String deliveryId) {
        authorize(auth);
        final Subscription s = find(id);
        return database.jdbi().withHandle(h -> Deliveries.find(h, s.id(), deliveryId, clock.millis()))
                .orElseThrow(() -> ApiErrors.notFound("subscription " + id + " has no delivery " + deliveryId));
    }

    @GET
    @Path("/{id}/dead-letters")
    public Map<String, Object> deadLetters(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
                                           @PathParam("id") String id, @QueryParam("cursor") String cursor,
                                           @QueryParam("limit") String limit) {
        authorize(auth);
        return page(find(id), "dead", cursor, limit);
    }

    @POST
    @Path("/{id}/dead-letters/retry")
    public Map<String, Object> retryDeadLetters(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
                                                @PathParam("id") String id) throws Exception {
        authorize(auth);
        final Subscription s = find(id);
        final int requeued = database.inTransaction(h -> Deliveries.requeueDead(h, s.id(), clock.millis()));
        wakeDispatcher.run();
        return Map.of("requeued", requeued);
    }

    private Map<String, Object> page(Subscription s, String state, String cursorText, String limitText) {
        final int limit = Params.limit(limitText, 50, 200);
        final Deliveries.Cursor cursor;
        try {
            cursor = cursorText == null || cursorText.isEmpty() ? null : Deliveries.Cursor.parse(cursorText);
        } catch (IllegalArgumentException e) {
            throw ApiErrors.badRequest(e.getMessage());
        }
        final List<Delivery> records = database.jdbi().withHandle(h -> Deliveries.list(h, s.id(), state, cursor,
                limit, clock.millis()));
        final Map<String, Object> page = new LinkedHashMap<>();
        page.put("records", records);
        page.put("next", records.size() == limit ? Deliveries.Cursor.of(records.get(limit - 1)).toString() : null);
        return page;
    }

    private String checkedUrl(String url) {
        try {
            final URI uri = guard.checkUrl(url);
            guard.checkResolved(uri, RESOLVE_TIMEOUT);
            return uri.toString();
        } catch (IllegalArgumentException e) {
            throw ApiErrors.badRequest(e.getMessage());
        }
    }

    private Subscription find(String id) {
        final String checked = checkId(id);
        return database.jdbi().withHandle(h -> Subscriptions.find(h, checked)).orElseThrow(() -> notFound(id));
    }

    private static String checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw ApiErrors.badRequest("webhook id must look like wh_ followed by 16 hex characters, got '" + id + "'");
        }
        return id;
    }

    private static RuntimeException notFound(String id) {
        return ApiErrors.notFound("no webhook subscription " + id);
    }

    private void authorize(String header) {
        if (!token.accepts(null, header)) {
            throw ApiErrors.unauthorized("this endpoint needs Authorization: Bearer <webhooks.apiToken>");
        }
    }

    private static Map<String, Object> view(Subscription s, Map<String, Long> deliveries) {
        final Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", s.id());
        view.put("url", s.url());
        view.put("eventTypes", s.eventTypes());
        view.put("description", s.description());
        view.put("active", s.active());
        view.put("createdAt", s.createdAt().toString());
        view.put("updatedAt", s.updatedAt().toString());
        if (deliveries != null) {
            view.put("deliveries", deliveries);
        }
        return view;
    }
}
