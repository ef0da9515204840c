package io.ledgerlens.ws;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class ClientRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ClientRequest parse(String text) {
        return ClientRequest.parse(JSON, text);
    }

    @Test
    void subscribeKeepsValidChannelsAndRejectsTheOthersWithTheirReason() {
        final ClientRequest request = parse("{\"type\":\"subscribe\",\"channels\":[\"ledgers\",\"pools:z\","
                + "\"ledgers\"],\"since\":0,\"extra\":true}");
        assertThat(request).isInstanceOfSatisfying(ClientRequest.Subscribe.class, s -> {
            assertThat(s.channels()).containsExactly("ledgers");
            assertThat(s.rejected()).singleElement().satisfies(r -> {
                assertThat(r.channel()).isEqualTo("pools:z");
                assertThat(r.reason()).contains("64 lowercase hex");
            });
            assertThat(s.since()).isEqualTo(OptionalLong.of(0));
        });
        assertThat(parse("{\"type\":\"subscribe\",\"channels\":[\"ledgers\"],\"since\":null}"))
                .isInstanceOfSatisfying(ClientRequest.Subscribe.class, s -> assertThat(s.since()).isEmpty());
    }

    @Test
    void malformedMessagesAreNamed() {
        assertInvalid("{", "malformed", "not valid JSON (line 1, column 2)");
        assertInvalid("\"subscribe\"", "malformed", "JSON object");
        assertInvalid("{\"type\":3}", "malformed", "string \"type\"");
        assertInvalid("{\"type\":\"subscribe\"}", "malformed", "non-empty array");
        assertInvalid("{\"type\":\"subscribe\",\"channels\":[]}", "malformed", "non-empty array");
        assertInvalid("{\"type\":\"unsubscribe\",\"channels\":[1]}", "malformed", "must hold strings");
        assertInvalid("{\"type\":\"subscribe\",\"channels\":[\"ledgers\"],\"since\":-1}", "malformed", ">= 0");
        assertInvalid("{\"type\":\"subscribe\",\"channels\":[\"ledgers\"],\"since\":1.5}", "malformed", ">= 0");
        assertInvalid("{\"type\":\"subscribe\",\"channels\":[\"ledgers\"],\"since\":\"7\"}", "malformed", ">= 0");
        assertInvalid("{\"type\":\"subscribe\",\"channels\":[\"ledgers\"],\"since\":99999999999999999999}",
                "malformed", ">= 0");
        assertInvalid("{\"type\":\"hello\"}", "unknown_type", "'hello'");
        assertThat(parse("{\"type\":\"ping\"}")).isInstanceOf(ClientRequest.Ping.class);
    }

    @Test
    void aMessageIsLimitedByItsBytesOfUtf8NotItsCharacters() {
        final String ping = "{\"type\":\"ping\"}";   // 15 bytes
        assertThat(ClientRequest.parse(JSON, ping, 15)).isInstanceOf(ClientRequest.Ping.class);
        assertThat(ClientRequest.parse(JSON, ping, 14)).isInstanceOfSatisfying(ClientRequest.Invalid.class, i -> {
            assertThat(i.code()).isEqualTo("too_large");
            assertThat(i.message()).isEqualTo("messages are limited to 14 bytes");
        });
        // 26 characters, 30 bytes: 4 two-byte characters in the padding field
        final String accented = "{\"type\":\"ping\",\"x\":\"\u00e9\u00e9\u00e9\u00e9\"}";
        assertThat(accented).hasSize(26);
        assertThat(ClientRequest.parse(JSON, accented, 30)).isInstanceOf(ClientRequest.Ping.class);
        assertThat(ClientRequest.parse(JSON, accented, 29)).isInstanceOfSatisfying(ClientRequest.Invalid.class,
                i -> assertThat(i.code()).isEqualTo("too_large"));
    }

    private static void assertInvalid(String text, String code, String message) {
        assertThat(parse(text)).as(text).isInstanceOfSatisfying(ClientRequest.Invalid.class, i -> {
            assertThat(i.code()).isEqualTo(code);
            assertThat(i.message()).contains(message);
        });
    }
}
