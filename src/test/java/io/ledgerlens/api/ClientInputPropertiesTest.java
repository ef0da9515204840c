package io.ledgerlens.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.WebApplicationException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;


import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a client puts in a REST parameter or a webhook body, the API answers a value within its bounds or a 400
 * that says what is wrong: never another exception (a 500) and never a value out of range.
 */
class ClientInputPropertiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Provide
    Arbitrary<String> parameters() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(80),
                Arbitraries.strings().numeric().ofMaxLength(25),
                Arbitraries.strings().withChars("0123456789-+.eE x").ofMaxLength(25),
                Arbitraries.longs().map(n -> Long.toString(n)),
                Arbitraries.of("", "0", "-1", "1", "200", "201", "9223372036854775807", "9223372036854775808",
                        "asc", "desc", "ASC", "native~native", "native", "USD:GABC", "0".repeat(64), "\u0000"));
    }

    @Property(tries = 2000)
    void everyParameterIsAValueInRangeOrA400(@ForAll("parameters") String value) {
        assertValueOr400(() -> Params.sequence("sequence", value), v -> assertThat(v).isPositive());
        assertValueOr400(() -> Params.cursor(value), v -> assertThat(v == null || v > 0).isTrue());
        assertValueOr400(() -> Params.limit(value, 50, 200), v -> assertThat(v).isBetween(1, 200));
        assertValueOr400(() -> Params.index("index", value, -1, 1000), v -> assertThat(v).isBetween(-1, 1000));
        assertValueOr400(() -> Params.ascending(value), v -> { });
        assertValueOr400(() -> Params.corridor(value), v -> assertThat(v).isNotBlank());
        assertValueOr400(() -> Params.poolId(value), v -> assertThat(v).hasSize(64));
        assertValueOr400(() -> Params.asset(value, value), v -> { });
        assertValueOr400(() -> Params.asset(value, "GAAZI4TCR3TY5OJHCTJC2A4QSY6CJWJH5IAJTGKIN2ER7LBNVKOCCWN7"), v -> { });
    }

    @Provide
    Arbitrary<JsonNode> webhookBodies() {
        final Arbitrary<JsonNode> leaf = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30).map(JsonNodeFactory.instance::textNode),
                Arbitraries.of("https://example.com/hook", "ledger.closed", "pool.updated", "").map(
                        JsonNodeFactory.instance::textNode),
                Arbitraries.integers().map(JsonNodeFactory.instance::numberNode),
                Arbitraries.of(true, false).map(JsonNodeFactory.instance::booleanNode),
                Arbitraries.just(JsonNodeFactory.instance.nullNode()));
        final Arbitrary<JsonNode> lists = leaf.list().ofMaxSize(5).map(items -> {
            final ArrayNode array = JsonNodeFactory.instance.arrayNode();
            items.forEach(array::add);
            return array;
        });
        final Arbitrary<String> names = Arbitraries.oneOf(
                Arbitraries.of("url", "eventTypes", "description", "active"), Arbitraries.strings().ofMaxLength(10));
        return Arbitraries.maps(names, Arbitraries.oneOf(leaf, lists)).ofMaxSize(5).map(fields -> {
            final ObjectNode body = JsonNodeFactory.instance.objectNode();
            fields.forEach(body::set);
            return (JsonNode) body;
        });
    }

    @Property(tries = 2000)
    void everyWebhookBodyIsARequestOrA400(@ForAll("webhookBodies") JsonNode body) {
        for (boolean create : new boolean[] {true, false}) {
            assertValueOr400(() -> WebhookRequests.parse(body, create), r -> {
                if (r.eventTypes() != null) {
                    assertThat(r.eventTypes()).isNotEmpty().doesNotHaveDuplicates();
                }
                if (r.description() != null) {
                    assertThat(r.description().length()).isLessThanOrEqualTo(WebhookRequests.MAX_DESCRIPTION);
                }
            });
        }
    }

    @Property(tries = 500)
    void anyTextAsAWebhookBodyIsRefusedWith400OrParsed(@ForAll("parameters") String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (Exception e) {
            return; // Jersey answers unreadable JSON itself, with 400
        }
        final JsonNode parsed = node;
        assertValueOr400(() -> WebhookRequests.parse(parsed, true), r -> { });
    }

    private static <T> void assertValueOr400(Supplier<T> call, java.util.function.Consumer<T> inRange) {
        final T value;
        try {
            value = call.get();
        } catch (WebApplicationException e) {
            assertThat(e.getResponse().getStatus()).isEqualTo(400);
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        inRange.accept(value);
    }

}
