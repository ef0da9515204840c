package io.ledgerlens.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlens.testsupport.ChildJvm;
import io.ledgerlens.testsupport.Poll;
import io.ledgerlens.testsupport.WsClient;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proof (4): a client following {@code ledgers} while ingestion works through a burst is disconnected by a
 * SIGTERM, resumes with {@code since} on the restarted service, and across the two connections gets every
 * {@code ledger.closed} event exactly once, in order, from the first it saw to the last.
 */
class WebSocketResumeIT extends ChildServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration T = Duration.ofSeconds(30);
    private static final Duration PACE = Duration.ofMillis(20);

    @Test
    void aClientStoppedBySigtermResumesOnTheRestartedServiceWithEveryEventExactlyOnce() throws Exception {
        // A backlog of ~1,500 ledgers growing at 50 per second: events arrive in bursts throughout.
        final Instant genesis = Instant.now().minus(Duration.ofSeconds(30)).truncatedTo(ChronoUnit.SECONDS);
        service.env("SIMULATED_PACE", PACE.toMillis() + "ms")
                .env("SIMULATED_GENESIS_TIME", genesis.toString())
                .env("INGEST_START", "1");

        final ChildJvm first = service.startAndAwaitReady();
        final WsClient before = WsClient.connect(URI.create(service.ws() + "?channels=ledgers"), T);
        Poll.until("100 ledger events before the stop", T, () -> ledgerEvents(before).size() >= 100);
        first.signal("TERM");
        assertThat(before.awaitClose(T)).isEqualTo(1001);
        assertThat(first.waitForExit(service.totalBudget().plusSeconds(10))).isZero();
        final JsonNode notice = JSON.readTree(before.messages().stream()
                .filter(m -> m.contains("\"type\":\"server_shutdown\"")).findFirst().orElseThrow());
        final long lastSequence = notice.get("lastSequence").asLong();
        assertThat(before.messages().get(before.messages().size() - 1)).as("the notice is the last message")
                .contains("\"type\":\"server_shutdown\"");

        service.startAndAwaitReady();
        final WsClient after = WsClient.connect(
                URI.create(service.ws() + "?channels=ledgers&since=" + lastSequence), T);
        Poll.until("100 ledger events after the restart", T, () -> ledgerEvents(after).size() >= 100);
        after.close();
        // Ingestion went on after the notice and at the restart: the first events after it came from the replay.
        final long helloAfter = JSON.readTree(after.messages().get(0)).get("lastSequence").asLong();
        assertThat(ledgerEvents(after).get(0).get("sequence").asLong()).as("first event after the restart, "
                + "replayed up to %d", helloAfter).isLessThanOrEqualTo(helloAfter);

        final List<JsonNode> seenBefore = ledgerEvents(before);
        final List<JsonNode> seenAfter = ledgerEvents(after);
        assertThat(seenBefore).allSatisfy(e -> assertThat(e.get("sequence").asLong()).isLessThanOrEqualTo(lastSequence));
        assertThat(seenAfter).allSatisfy(e -> assertThat(e.get("sequence").asLong()).isGreaterThan(lastSequence));
        final List<Long> received = new ArrayList<>();
        seenBefore.forEach(e -> received.add(e.get("sequence").asLong()));
        seenAfter.forEach(e -> received.add(e.get("sequence").asLong()));
        final long firstSeen = received.get(0);
        final long lastSeen = received.get(received.size() - 1);

        final List<long[]> stored = storedLedgerEvents(firstSeen, lastSeen);
        assertThat(received).as("every stored ledger.closed event from the first seen to the last, once, in order "
                + "(seam at %d)", lastSequence).containsExactlyElementsOf(stored.stream().map(r -> r[0]).toList());
        // And the ledgers they announce are consecutive: nothing was skipped by ingestion either.
        final List<Long> ledgers = new ArrayList<>();
        seenBefore.forEach(e -> ledgers.add(Long.parseLong(e.get("subject").asText())));
        seenAfter.forEach(e -> ledgers.add(Long.parseLong(e.get("subject").asText())));
        for (int i = 1; i < ledgers.size(); i++) {
            assertThat(ledgers.get(i)).as("ledger after %d", ledgers.get(i - 1)).isEqualTo(ledgers.get(i - 1) + 1);
        }
    }

    private static List<JsonNode> ledgerEvents(WsClient client) {
        final List<JsonNode> events = new ArrayList<>();
        for (String message : client.messages()) {
            if (message.contains("\"event\":\"ledger.closed\"")) {
                try {
                    events.add(JSON.readTree(message));
                } catch (Exception e) {
                    throw new AssertionError("not JSON: " + message, e);
                }
            }
        }
        return events;
    }

    /** {sequence, ledger} of the stored ledger.closed events in [from, to], read from the SQLite file. */
    private List<long[]> storedLedgerEvents(long from, long to) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ledgerlens.db"));
             PreparedStatement query = db.prepareStatement("SELECT sequence, subject FROM events "
                     + "WHERE type = 'ledger.closed' AND sequence BETWEEN ? AND ? ORDER BY sequence")) {
            query.setLong(1, from);
            query.setLong(2, to);
            final List<long[]> rows = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    rows.add(new long[] {rs.getLong(1), Long.parseLong(rs.getString(2))});
                }
            }
            return rows;
        }
    }
}
