package io.ledgerlens.ws;

import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever text a WebSocket client sends, the hub's parser answers a request or an error reply: it never throws
 * (an exception would close the connection without a word), and what it accepts is no larger than what was sent.
 */
class ClientMessagePropertiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Provide
    Arbitrary<String> messages() {
        final Arbitrary<String> channel = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.of("ledgers", "corridors", "pools", "assets", "pools:", "assets:X:Y", "corridors:native~native"),
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(64).map(h -> "pools:" + h));
        final Arbitrary<String> channels = channel.list().ofMaxSize(8).map(list -> {
            try {
                return JSON.writeValueAsString(list);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        final Arbitrary<String> type = Arbitraries.of("\"subscribe\"", "\"unsubscribe\"", "\"ping\"", "\"other\"", "1",
                "null", "[]", "{}");
        final Arbitrary<String> since = Arbitraries.of("", ",\"since\":0", ",\"since\":-1", ",\"since\":1e3",
                ",\"since\":\"5\"", ",\"since\":99999999999999999999", ",\"since\":null");
        final Arbitrary<String> structured = net.jqwik.api.Combinators.combine(type, channels, since)
                .as((t, c, s) -> "{\"type\":" + t + ",\"channels\":" + c + s + "}");
        return Arbitraries.oneOf(structured, Arbitraries.strings().all().ofMaxLength(120),
                Arbitraries.of("", "{", "[]", "null", "{\"type\":\"subscribe\"}", "{\"type\":\"subscribe\",\"channels\":[]}"));
    }

    @Property(tries = 3000)
    void everyMessageIsARequestOrAnErrorNeverAnException(@ForAll("messages") String text) {
        final ClientRequest request = ClientRequest.parse(JSON, text);
        assertThat(request).isNotNull();
        if (request instanceof ClientRequest.Invalid invalid) {
            assertThat(invalid.code()).isNotBlank();
            assertThat(invalid.message()).isNotBlank();
        } else if (request instanceof ClientRequest.Subscribe subscribe) {
            assertThat(subscribe.channels()).doesNotHaveDuplicates();
            assertThat(subscribe.channels().size() + subscribe.rejected().size())
                    .isLessThanOrEqualTo(text.length());
            subscribe.channels().forEach(c -> assertThat(Channels.parse(c)).isEqualTo(c));
        } else if (request instanceof ClientRequest.Unsubscribe unsubscribe) {
            assertThat(unsubscribe.channels()).doesNotHaveDuplicates();
        }
    }
}
