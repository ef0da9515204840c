package io.ledgerlens.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.ledgerlens.LedgerLensConfiguration;
import io.ledgerlens.testsupport.Poll;
import io.ledgerlens.testsupport.SilentWebSocket;
import io.ledgerlens.testsupport.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broadcaster with the real application: Jetty, SQLite and the simulated source running alongside, events
 * written into the event log as the data jobs write them. Each test uses asset channels of its own, which the
 * simulated network never produces, so that it sees only its own events.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class WebSocketBroadcastTest {
    private static final Duration T = InProcessApp.T;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SEND_QUEUE_LIMIT = 64;
    private static final InProcessApp RUNNING = InProcessApp.withRedis(
            ConfigOverride.config("websocket.sendQueueLimit", Integer.toString(SEND_QUEUE_LIMIT)),
            ConfigOverride.config("websocket.pongTimeout", "1s"));
    private static final DropwizardAppExtension<LedgerLensConfiguration> APP = RUNNING.extension;

    @AfterAll
    static void stopRedis() {
        RUNNING.redis.close();
    }

    private static TestApp app() {
        return RUNNING.application();
    }

    private static URI ws(String query) {
        return URI.create(RUNNING.ws() + query);
    }

    private static WsClient connect(String query) {
        final WsClient client = WsClient.connect(ws(query), T);
        client.awaitMessage(m -> m.contains("\"type\":\"hello\""), T);
        return client;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static List<JsonNode> events(WsClient client, String subject) {
        return client.messages().stream().map(WebSocketBroadcastTest::json)
                .filter(m -> m.get("type").asText().equals("event") && m.get("subject").asText().equals(subject))
                .toList();
    }

    private static List<Long> sequences(WsClient client, String subject) {
        return events(client, subject).stream().map(e -> e.get("sequence").asLong()).toList();
    }

    private static JsonNode awaitType(WsClient client, String type) {
        return json(client.awaitMessage(m -> m.contains("\"type\":\"" + type + "\""), T));
    }

    @Test
    void eachClientGetsTheEventsOfItsChannelsOnly() {
        final String apple = StoredEvents.asset("APPLE");
        final String berry = StoredEvents.asset("BERRY");
        try (WsClient one = connect("?channels=assets:" + apple);
             WsClient family = connect("");
             WsClient other = connect("")) {
            family.send("{\"type\":\"subscribe\",\"channels\":[\"assets\"]}");
            other.send("{\"type\":\"subscribe\",\"channels\":[\"assets:" + berry + "\",\"ledgers\"]}");
            assertThat(awaitType(one, "subscribed").get("channels")).containsExactly(
                    JSON.getNodeFactory().textNode("assets:" + apple));
            awaitType(family, "subscribed");
            assertThat(awaitType(other, "subscribed").get("channels")).hasSize(2);

            final long a = StoredEvents.appendAsset(app(), "APPLE", "{\"n\":1}");
            final long b = StoredEvents.appendAsset(app(), "BERRY", "{\"n\":2}");
            family.awaitMessage(m -> m.contains("\"sequence\":" + b), T);
            other.awaitMessage(m -> m.contains("\"sequence\":" + b), T);
            one.awaitMessage(m -> m.contains("\"sequence\":" + a), T);
            // A later event on one's channel: had b been sent to it, it would have come before this one.
            final long a2 = StoredEvents.appendAsset(app(), "APPLE", "{\"n\":3}");
            one.awaitMessage(m -> m.contains("\"sequence\":" + a2), T);

            assertThat(sequences(one, apple)).containsExactly(a, a2);
            assertThat(sequences(one, berry)).isEmpty();
            assertThat(sequences(family, apple)).startsWith(a);
            assertThat(sequences(family, berry)).containsExactly(b);
            assertThat(sequences(other, apple)).isEmpty();
            assertThat(sequences(other, berry)).containsExactly(b);

            final JsonNode event = events(one, apple).get(0);
            assertThat(event.get("event").asText()).isEqualTo("asset.updated");
            assertThat(event.get("channel").asText()).isEqualTo("assets:" + apple);
            assertThat(event.get("data").get("n").asInt()).isEqualTo(1);
            assertThat(event.get("createdAt").asText()).isNotBlank();
            // The simulated source closes a ledger every second: 'other' gets them, 'one' does not.
            other.awaitMessage(m -> m.contains("\"event\":\"ledger.closed\""), T);
            assertThat(one.messages()).noneMatch(m -> m.contains("ledger.closed"));
        }
    }

    @Test
    void afterUnsubscribeNoMoreEventsOfThatChannel() {
        final String cherry = StoredEvents.asset("CHERRY");
        final String damson = StoredEvents.asset("DAMSON");
        try (WsClient client = connect("?channels=assets:" + cherry + ",assets:" + damson)) {
            awaitType(client, "subscribed");
            final long first = StoredEvents.appendAsset(app(), "CHERRY", "{}");
            client.awaitMessage(m -> m.contains("\"sequence\":" + first), T);

            client.send("{\"type\":\"unsubscribe\",\"channels\":[\"assets:" + cherry + "\"]}");
            assertThat(awaitType(client, "unsubscribed").get("channels")).containsExactly(
                    JSON.getNodeFactory().textNode("assets:" + damson));
            final long dropped = StoredEvents.appendAsset(app(), "CHERRY", "{}");
            final long kept = StoredEvents.appendAsset(app(), "DAMSON", "{}");
            client.awaitMessage(m -> m.contains("\"sequence\":" + kept), T);

            assertThat(sequences(client, cherry)).containsExactly(first).doesNotContain(dropped);
            assertThat(sequences(client, damson)).containsExactly(kept);
        }
    }

    @Test
    void mistakesGetAnErrorAndTheConnectionStays() {
        try (WsClient client = connect("?channels=ledgers,nope,pools:XYZ")) {
            final List<JsonNode> urlErrors = Poll.untilPresent("two errors for the URL's channels", T, () -> {
                final List<JsonNode> errors = errorsOf(client);
                return errors.size() >= 2 ? java.util.Optional.of(errors) : java.util.Optional.empty();
            });
            assertThat(urlErrors).extracting(e -> e.get("code").asText()).containsOnly("unknown_channel");
            assertThat(urlErrors).extracting(e -> e.get("channel").asText()).containsExactly("nope", "pools:XYZ");
            assertThat(awaitType(client, "subscribed").get("channels")).containsExactly(
                    JSON.getNodeFactory().textNode("ledgers"));

            client.send("{\"type\":\"subscribe\"");
            client.send("[1,2]");
            client.send("{\"type\":\"dance\"}");
            client.send("{\"type\":\"subscribe\",\"channels\":[\"corridors:native~USD\",\"assets:native\"]}");
            client.send("{\"type\":\"subscribe\",\"channels\":\"ledgers\"}");
            client.send("{\"type\":\"subscribe\",\"channels\":[\"ledgers\"],\"since\":-4}");
            client.sendBinary(new byte[] {1, 2, 3});
            client.send("{\"type\":\"ping\"}");
            awaitType(client, "pong");

            assertThat(Poll.untilPresent("ten errors", T, () -> {
                final List<JsonNode> errors = errorsOf(client);
                return errors.size() >= 10 ? java.util.Optional.of(errors) : java.util.Optional.empty();
            })).extracting(e -> e.get("code").asText()).containsExactlyInAnyOrder("unknown_channel",
                    "unknown_channel", "malformed", "malformed", "unknown_type", "unknown_channel",
                    "unknown_channel", "malformed", "malformed", "malformed");
            assertThat(client.closeCode()).isEmpty();
            client.awaitMessage(m -> m.contains("\"event\":\"ledger.closed\""), T);
        }
    }

    private static List<JsonNode> errorsOf(WsClient client) {
        return client.messages().stream().map(WebSocketBroadcastTest::json)
                .filter(m -> m.get("type").asText().equals("error")).toList();
    }

    /** One connection cannot make the shared dispatcher hold and repeat an unbounded channel list. */
    @Test
    void aConnectionPastTheChannelLimitIsToldAndClosedWith1008() {
        try (WsClient client = connect("")) {
            int next = 0;
            for (int message = 0; message < 2; message++) {
                client.send(subscribeToPools(next, 40));
                next += 40;
                awaitType(client, "subscribed");
            }
            client.send(subscribeToPools(next, 40));
            final JsonNode error = awaitType(client, "error");
            assertThat(error.get("code").asText()).isEqualTo("too_many_channels");
            assertThat(error.get("message").asText()).contains("at most 100 channels");
            assertThat(client.awaitClose(T)).isEqualTo(1008);
        }
    }

    private static String subscribeToPools(int from, int count) {
        final StringBuilder channels = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            channels.append(i == from ? "" : ",").append("\"pools:").append(String.format("%064x", i)).append('"');
        }
        return "{\"type\":\"subscribe\",\"channels\":[" + channels + "]}";
    }

    @Test
    void aMessageOverTheLimitGetsAnErrorAndOneOverJettysFrameLimitIsClosedWith1009() {
        final String apple = StoredEvents.asset("ELDER");
        try (WsClient bystander = connect("?channels=assets:" + apple);
             WsClient client = connect("")) {
            client.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(5000) + "\"}");
            assertThat(awaitType(client, "error").get("code").asText()).isEqualTo("too_large");
            client.send("{\"type\":\"ping\"}");
            awaitType(client, "pong");

            client.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
            assertThat(client.awaitClose(T)).isEqualTo(1009);

            final long seq = StoredEvents.appendAsset(app(), "ELDER", "{}");
            bystander.awaitMessage(m -> m.contains("\"sequence\":" + seq), T);
            assertThat(bystander.closeCode()).isEmpty();
        }
    }

    @Test
    void resumeGetsEveryMissedEventThenTheLiveOnesOnceEachWhileEventsKeepArriving() throws Exception {
        final String fig = StoredEvents.asset("FIG");
        final List<Long> written = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            written.add(StoredEvents.appendAsset(app(), "FIG", "{\"i\":" + i + "}"));
        }
        final long since = written.get(0) - 1;
        final long replayedBefore = APP.getEnvironment().metrics().counter("websocket.replayed_events").getCount();
        // The dispatcher has read past them: they reach the client as a replay, not as live events.
        Poll.until("the dispatcher has read the first 300", T,
                () -> app().wiring().hub().position() >= written.get(written.size() - 1));
        // More events are written while the client catches up: the replay's end and the live events meet.
        final CompletableFuture<List<Long>> during = CompletableFuture.supplyAsync(() -> {
            final List<Long> more = new ArrayList<>();
            for (int i = 300; i < 500; i++) {
                more.add(StoredEvents.appendAsset(app(), "FIG", "{\"i\":" + i + "}"));
            }
            return more;
        });
        try (WsClient client = WsClient.connect(ws("?channels=assets:" + fig + "&since=" + since), T)) {
            written.addAll(during.get(30, java.util.concurrent.TimeUnit.SECONDS));
            final long last = written.get(written.size() - 1);
            client.awaitMessage(m -> m.contains("\"sequence\":" + last), T);

            assertThat(awaitType(client, "subscribed").get("from").asLong()).isEqualTo(since);
            assertThat(sequences(client, fig)).containsExactlyElementsOf(written);
            assertThat(events(client, fig)).extracting(e -> e.get("data").get("i").asInt())
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 500).boxed().toList());
            final List<String> types = client.messages().stream().map(m -> json(m).get("type").asText()).toList();
            assertThat(types.subList(0, 2)).containsExactly("hello", "subscribed");
            assertThat(client.closeCode()).isEmpty();
        }
        assertThat(APP.getEnvironment().metrics().counter("websocket.replayed_events").getCount() - replayedBefore)
                .isGreaterThanOrEqualTo(300);
    }

    @Test
    void aSinceInTheUrlWithoutChannelsAppliesToTheFirstSubscribeAndOnlyThere() {
        final String lime = StoredEvents.asset("LIME");
        final long first = StoredEvents.appendAsset(app(), "LIME", "{}");
        final long second = StoredEvents.appendAsset(app(), "LIME", "{}");
        Poll.until("the dispatcher has read them", T, () -> app().wiring().hub().position() >= second);
        try (WsClient client = connect("?since=" + (first - 1))) {
            client.send("{\"type\":\"subscribe\",\"channels\":[\"assets:" + lime + "\"]}");
            assertThat(awaitType(client, "subscribed").get("from").asLong()).isEqualTo(first - 1);
            client.awaitMessage(m -> m.contains("\"sequence\":" + second), T);
            assertThat(sequences(client, lime)).containsExactly(first, second);

            client.send("{\"type\":\"subscribe\",\"channels\":[\"ledgers\"],\"since\":" + (first - 1) + "}");
            assertThat(awaitType(client, "error").get("code").asText()).isEqualTo("since_not_allowed");
        }
    }

    @Test
    void aSinceBeyondTheLogGetsAnErrorAndLiveEvents() {
        final String nectarine = StoredEvents.asset("NECTAR");
        try (WsClient client = connect("?channels=assets:" + nectarine + "&since=999999999999")) {
            final JsonNode error = awaitType(client, "error");
            assertThat(error.get("code").asText()).isEqualTo("invalid_since");
            assertThat(error.get("message").asText()).startsWith("since 999999999999 is beyond the last stored");
            assertThat(awaitType(client, "subscribed").get("from").asLong()).isLessThan(999999999999L);
            final long live = StoredEvents.appendAsset(app(), "NECTAR", "{}");
            client.awaitMessage(m -> m.contains("\"sequence\":" + live), T);
        }
    }

    @Test
    void aClientThatStopsReadingIsClosedAsASlowConsumerAndTheOthersKeepReceiving() throws Exception {
        final String grape = StoredEvents.asset("GRAPE");
        final long slowBefore = slowConsumers();
        try (WsClient polite = connect("?channels=assets:" + grape);
             Socket silent = SilentWebSocket.connect(APP.getLocalPort(), "/ws?channels=assets:" + grape)) {
            awaitType(polite, "subscribed");
            Poll.until("both clients registered", T, () -> app().wiring().hub().clientCount() >= 2);
            final int before = app().wiring().hub().clientCount();
            final String payload = "{\"pad\":\"" + "x".repeat(32_000) + "\"}";
            final List<Long> written = new ArrayList<>();
            final int politeBefore = polite.messages().size();
            while (slowConsumers() == slowBefore) {
                assertThat(written).as("events written before the silent client was closed").hasSizeLessThan(2000);
                written.add(StoredEvents.appendAsset(app(), "GRAPE", payload));
                // Paced to the polite reader (it shares the test's 2 cores): only the silent client may fall a
                // queue behind, so the slow consumer closed is certainly the silent one.
                final int sent = written.size();
                Poll.until("the polite client within 64 events of the writer", T,
                        () -> polite.messages().size() - politeBefore >= sent - 64);
            }
            final long last = StoredEvents.appendAsset(app(), "GRAPE", "{}");
            written.add(last);
            polite.awaitMessage(m -> m.contains("\"sequence\":" + last), T);
            assertThat(sequences(polite, grape)).containsExactlyElementsOf(written);
            assertThat(polite.closeCode()).isEmpty();
            // The silent client cannot read its close frame; it is aborted after the grace (pongTimeout, 1s).
            Poll.until("the silent client is let go", T, () -> app().wiring().hub().clientCount() == before - 1);
        }
    }

    @Test
    void aClientThatFallsBehindIsClosedWith1013AndResumesFromTheSequenceInTheReasonWithoutAGap() {
        final String melon = StoredEvents.asset("MELON");
        final long slowBefore = slowConsumers();
        final List<Long> written = new ArrayList<>();
        final String payload = "{\"pad\":\"" + "x".repeat(32_000) + "\"}";
        final String reason;
        try (WsClient slow = connect("?channels=assets:" + melon)) {
            awaitType(slow, "subscribed");
            slow.pauseReading();
            while (slowConsumers() == slowBefore) {
                assertThat(written).as("events written before the client was closed").hasSizeLessThan(2000);
                written.add(StoredEvents.appendAsset(app(), "MELON", payload));
            }
            // Reading again within the close grace (pongTimeout, 1s): what was queued arrives, then the close.
            slow.resumeReading();
            assertThat(slow.awaitClose(T)).isEqualTo(1013);
            reason = slow.closeReason();
            assertThat(reason).matches("slow consumer: \\d+ messages queued; resume with since=\\d+");
            final long since = Long.parseLong(reason.substring(reason.indexOf("since=") + 6));
            assertThat(sequences(slow, melon)).as("everything up to since=%d was delivered", since)
                    .containsAll(written.stream().filter(s -> s <= since).toList());

            written.add(StoredEvents.appendAsset(app(), "MELON", "{}"));
            try (WsClient resumed = WsClient.connect(ws("?channels=assets:" + melon + "&since=" + since), T)) {
                final long last = written.get(written.size() - 1);
                resumed.awaitMessage(m -> m.contains("\"sequence\":" + last), T);
                assertThat(sequences(resumed, melon))
                        .containsExactlyElementsOf(written.stream().filter(s -> s > since).toList());
            }
        }
    }

    private static long slowConsumers() {
        return APP.getEnvironment().metrics().counter("websocket.slow_consumer_disconnects").getCount();
    }
}
