package io.ledgerlens.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlens.cache.CacheKind;
import io.ledgerlens.cache.ReadCache;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Optional;
import java.util.function.Supplier;

/** Serves a JSON body through the read cache; a body the loader cannot find becomes a 404 with its message. */
final class CachedJson {
    private final ReadCache cache;
    private final ObjectMapper json;

    CachedJson(ReadCache cache, ObjectMapper json) {
        this.cache = cache;
        this.json = json;
    }

    Response respond(CacheKind kind, String request, Supplier<Optional<?>> loader, String notFound) {
        final Optional<String> body = cache.get(kind, request, () -> loader.get().map(this::write));
        return Response.ok(body.orElseThrow(() -> ApiErrors.notFound(notFound)), MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
