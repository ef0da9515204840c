package io.ledgerlens.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerlens.webhooks.EventTypes;
import io.ledgerlens.webhooks.SubscriptionRules;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The JSON bodies of {@code POST} and {@code PATCH /api/webhooks}: every refusal says which field and why. */
record WebhookRequests(String url, List<String> eventTypes, String description, Boolean active) {
    private static final Set<String> FIELDS = Set.of("url", "eventTypes", "description", "active");
    static final int MAX_DESCRIPTION = 200;

    static WebhookRequests parse(JsonNode body, boolean create) {
        if (body == null || !body.isObject()) {
            throw ApiErrors.badRequest("the body must be a JSON object with " + FIELDS);
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            final String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ApiErrors.badRequest("unknown field '" + name + "'; the fields are url, eventTypes, "
                        + "description and active");
            }
        }
        final String url = text(body, "url", create);
        final List<String> types = eventTypes(body.get("eventTypes"), create);
        final String description = text(body, "description", false);
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw ApiErrors.badRequest("description must be at most " + MAX_DESCRIPTION + " characters");
        }
        final JsonNode active = body.get("active");
        if (active != null && !active.isBoolean()) {
            throw ApiErrors.badRequest("active must be true or false, got " + active);
        }
        return new WebhookRequests(url, types, description, active == null ? null : active.booleanValue());
    }

    SubscriptionRules.Changes changes() {
        return new SubscriptionRules.Changes(url, eventTypes, description, active);
    }

    private static String text(JsonNode body, String field, boolean required) {
        final JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw ApiErrors.badRequest(field + " is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            throw ApiErrors.badRequest(field + " must be a string, got " + node);
        }
        return node.asText();
    }

    private static List<String> eventTypes(JsonNode node, boolean required) {
        if (node == null || node.isNull()) {
            if (required) {
                throw ApiErrors.badRequest("eventTypes is required: a non-empty list of " + EventTypes.ALL);
            }
            return null;
        }
        if (!node.isArray() || node.isEmpty()) {
            throw ApiErrors.badRequest("eventTypes must be a non-empty list of " + EventTypes.ALL + ", got " + node);
        }
        final Set<String> types = new LinkedHashSet<>();
        for (JsonNode type : node) {
            if (!type.isTextual() || !EventTypes.ALL.contains(type.asText())) {
                throw ApiErrors.badRequest("unknown event type " + type + "; the types are " + EventTypes.ALL);
            }
            types.add(type.asText());
        }
        return new ArrayList<>(types);
    }
}
