package io.ledgerlens.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlens.drill.WebhookReceiver;
import io.ledgerlens.testsupport.HaproxyProcess;
import io.ledgerlens.testsupport.HttpProbe;
import io.ledgerlens.testsupport.Poll;
import io.ledgerlens.testsupport.PostgresProcess;
import io.ledgerlens.testsupport.RedisProcess;
import io.ledgerlens.testsupport.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three instances on one real PostgreSQL and one Redis behind a real HAProxy, rolled one at a time (SIGTERM, wait
 * for the exit, start again, wait until HAProxy has it back) under REST, WebSocket and webhook load through the
 * balancer: no REST request fails, a WebSocket client that resumes with {@code since} through the balancer sees every
 * ledger once and in order, the webhook receiver gets every ledger, no ledger is stored twice, and ingestion never
 * pauses for longer than 1.5 s at the simulated one-ledger-a-second pace.
 */
class ReplicasRollingIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration T = Duration.ofSeconds(90);
    private static final Instant GENESIS = Instant.now().minus(Duration.ofSeconds(10)).truncatedTo(ChronoUnit.SECONDS);

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dir;
    private PostgresProcess postgres;
    private RedisProcess redis;
    private HaproxyProcess haproxy;
    private WebhookReceiver receiver;
    private String url;
    private final List<ServiceProcess> instances = new ArrayList<>();
    private final AtomicBoolean loading = new AtomicBoolean(true);
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final List<String> rollLog = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        postgres = PostgresProcess.start();
        redis = RedisProcess.start();
        receiver = WebhookReceiver.start();
        url = postgres.createDatabase();
        for (String id : List.of("a", "b", "c")) {
            instances.add(new ServiceProcess(Files.createDirectories(dir.resolve(id)), redis.url())
                    .env("DATABASE_URL", url)
                    .env("DATABASE_USER", PostgresProcess.USER)
                    .env("INSTANCE_ID", id)
                    .env("SIMULATED_GENESIS_TIME", GENESIS.toString())
                    .env("INGEST_START", "1")
                // Polls four times a ledger, so that a gap between commits measures the handover, not the poll.
                .env("INGEST_POLL_INTERVAL", "250ms")
                    .env("WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true")
                    // Long enough for HAProxy (checks every 200 ms) to take the node out before Jetty stops.
                    .env("SHUTDOWN_DRAIN_MIN_WAIT", "1s"));
        }
        haproxy = HaproxyProcess.start(dir, instances.stream().map(ServiceProcess::appPort).toList());
    }

    @AfterEach
    void stop() {
        loading.set(false);
        instances.forEach(ServiceProcess::close);
        haproxy.close();
        receiver.close();
        redis.close();
        postgres.close();
    }

    @Test
    void rollingAllThreeUnderLoadLosesNothingAndNobodyNotices() throws Exception {
        for (ServiceProcess instance : instances) {
            instance.startAndAwaitReady();
        }
        Poll.until("haproxy has all three in rotation", T, () -> haproxy.serversUp() == 3);
        final HttpResponse<String> created = HttpProbe.json("POST", haproxy.url("/api/webhooks"),
                "{\"url\":\"" + receiver.url() + "\",\"eventTypes\":[\"ledger.closed\"]}", Duration.ofSeconds(20),
                "Authorization", "Bearer " + ServiceProcess.WEBHOOKS_TOKEN);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        final long subscribedAfter = lastEventSequence();

        final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
        final List<Thread> load = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            load.add(daemon(() -> restLoad(outcomes)));
        }
        final ResumingFollower follower = new ResumingFollower(haproxy.ws("/ws?channels=ledgers"));
        final Thread following = daemon(follower::run);
        Poll.until("the follower sees ledgers", T, () -> follower.ledgers().size() >= 3);

        final Instant rollStart = Instant.now();
        for (ServiceProcess instance : instances) {
            rollLog.add(Instant.now() + " SIGTERM " + instance.appPort());
            instance.jvm().signal("TERM");
            assertThat(instance.jvm().waitForExit(instance.totalBudget().plusSeconds(10))).isZero();
            rollLog.add(Instant.now() + " exited, starting again");
            instance.startAndAwaitReady();
            rollLog.add(Instant.now() + " ready");
            Poll.until("haproxy has all three back", T, () -> haproxy.serversUp() == 3);
            rollLog.add(Instant.now() + " haproxy has all three");
        }
        final Instant rollEnd = Instant.now();
        final long lastAfterRoll = lastEventSequence();
        Poll.until("the follower catches up", T, () -> follower.lastSequence() >= lastAfterRoll);
        loading.set(false);
        following.join(Duration.ofSeconds(30).toMillis());
        for (Thread t : load) {
            t.join(Duration.ofSeconds(30).toMillis());
        }

        final Map<String, Long> tally = new HashMap<>();
        outcomes.forEach((k, v) -> tally.put(k, v.get()));
        assertThat(tally.getOrDefault("200", 0L)).as("requests answered: %s", tally).isGreaterThan(100);
        assertThat(tally).as("every REST request through the balancer during the roll; roll %s; first failures %s",
                rollLog, failures).containsOnlyKeys("200");

        final List<Long> seen = follower.ledgers();
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i)).as("ledger after %d, over %d reconnects", seen.get(i - 1), follower.connects())
                    .isEqualTo(seen.get(i - 1) + 1);
        }
        assertThat(follower.connects()).as("the follower was moved by the roll").isGreaterThan(1);

        final List<long[]> stored = storedLedgerEvents(subscribedAfter);
        Poll.until("every ledger event since the subscription delivered", T,
                () -> deliveredSequences().containsAll(stored.stream().map(r -> r[0]).toList()));
        assertSameBodyForSameKey();

        final List<Long> ledgers = query("SELECT sequence FROM ledgers ORDER BY sequence");
        for (int i = 0; i < ledgers.size(); i++) {
            assertThat(ledgers.get(i)).as("stored ledger at position %d", i).isEqualTo(ledgers.get(0) + i);
        }
        final CommitGap gap = largestCommitGap(rollStart, rollEnd);
        System.out.printf("roll figures: %s requests, largest commit gap %d ms (ledger %d), follower reconnects %d%n",
                tally, gap.length().toMillis(), gap.ledger(), follower.connects());
        leaseLines().forEach(l -> System.out.println("roll lease: " + l));
        assertThat(gap.length()).as("largest gap between ledger commits during the roll: %s; roll %s; leases %s",
                gap, rollLog, leaseLines()).isLessThanOrEqualTo(Duration.ofMillis(1500));
    }

    private void restLoad(Map<String, AtomicLong> outcomes) {
        final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        int i = 0;
        while (loading.get()) {
            final String path = (i++ % 2 == 0) ? "/api/ledgers?limit=5" : "/api/ledgers/latest";
            String outcome;
            try {
                final HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(haproxy.url(path)))
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
                outcome = String.valueOf(response.statusCode());
                if (response.statusCode() != 200 && failures.size() < 20) {
                    failures.add(Instant.now() + " " + path + " " + response.statusCode() + " "
                            + response.headers().map() + " " + response.body());
                }
            } catch (Exception e) {
                outcome = e.getClass().getSimpleName();
                if (failures.size() < 20) {
                    failures.add(Instant.now() + " " + path + " " + e);
                }
            }
            outcomes.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
            try {
                Thread.sleep(20); // the pace of this client, about 50 requests a second
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Follows the ledgers channel through the balancer; when a connection ends, resumes with since. */
    private final class ResumingFollower {
        private final String base;
        private final List<Long> ledgers = new CopyOnWriteArrayList<>();
        private final AtomicLong lastSequence = new AtomicLong(-1);
        private final AtomicLong connects = new AtomicLong();

        ResumingFollower(String base) {
            this.base = base;
        }

        private volatile WsClient current;

        void run() {
            while (loading.get()) {
                final long since = lastSequence.get();
                final String uri = since < 0 ? base : base + "&since=" + since;
                try (WsClient client = WsClient.connect(URI.create(uri), Duration.ofSeconds(10))) {
                    synchronized (this) {
                        current = client;
                    }
                    connects.incrementAndGet();
                    // Until the server closes (the roll moves this client) or the test ends.
                    while (loading.get() && client.closeCode().isEmpty()) {
                        try {
                            client.awaitClose(Duration.ofMillis(500));
                        } catch (AssertionError stillOpen) {
                            // look at loading again
                        }
                    }
                    // One step: the connection's messages move from "open" to "seen" for ledgers() and lastSequence().
                    synchronized (this) {
                        client.messages().forEach(this::accept);
                        current = null;
                    }
                } catch (Exception | AssertionError e) {
                    // The balancer had no node for a moment: connect again with the same since.
                }
            }
        }

        /** Ledgers of the connections that have ended so far, and of the open one. */
        synchronized List<Long> ledgers() {
            final WsClient open = current;
            final List<Long> all = new ArrayList<>(ledgers);
            if (open != null && open.closeCode().isEmpty()) {
                open.messages().stream().map(ResumingFollower::ledgerOf).filter(l -> l >= 0).forEach(all::add);
            }
            return all;
        }

        private static long ledgerOf(String message) {
            if (!message.contains("\"event\":\"ledger.closed\"")) {
                return -1;
            }
            try {
                return Long.parseLong(JSON.readTree(message).get("subject").asText());
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + message, e);
            }
        }

        private void accept(String message) {
            if (!message.contains("\"event\":\"ledger.closed\"")) {
                return;
            }
            try {
                final JsonNode event = JSON.readTree(message);
                lastSequence.set(event.get("sequence").asLong());
                ledgers.add(Long.parseLong(event.get("subject").asText()));
            } catch (Exception e) {
                throw new AssertionError("not JSON: " + message, e);
            }
        }

        /** The sequence of the last ledger event seen, on the open connection too. */
        synchronized long lastSequence() {
            final WsClient open = current;
            long last = lastSequence.get();
            if (open != null && open.closeCode().isEmpty()) {
                for (String message : open.messages()) {
                    if (message.contains("\"event\":\"ledger.closed\"")) {
                        try {
                            last = Math.max(last, JSON.readTree(message).get("sequence").asLong());
                        } catch (Exception e) {
                            throw new AssertionError("not JSON: " + message, e);
                        }
                    }
                }
            }
            return last;
        }

        long connects() {
            return connects.get();
        }
    }

    private static Thread daemon(Runnable body) {
        final Thread thread = new Thread(body, "rolling-load");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private java.util.Set<Long> deliveredSequences() {
        final java.util.Set<Long> sequences = new java.util.HashSet<>();
        for (WebhookReceiver.Received r : receiver.received()) {
            sequences.add(Long.parseLong(r.idempotencyKey().substring(r.idempotencyKey().lastIndexOf(':') + 1)));
        }
        return sequences;
    }

    private void assertSameBodyForSameKey() {
        final Map<String, String> bodies = new HashMap<>();
        for (WebhookReceiver.Received r : receiver.received()) {
            final String earlier = bodies.putIfAbsent(r.idempotencyKey(), r.body());
            assertThat(earlier == null || earlier.equals(r.body())).as("a duplicate of %s with another body",
                    r.idempotencyKey()).isTrue();
        }
    }

    /** The longest pause between two consecutive ledger commits, with the ledger after it and its close time. */
    private record CommitGap(Duration length, long ledger, Instant closedAt, Instant committedAt) {
    }

    private CommitGap largestCommitGap(Instant from, Instant to) throws Exception {
        final List<Long> sequences = new ArrayList<>();
        final List<Instant> commits = new ArrayList<>();
        final List<Instant> closes = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sequence, closed_at, ingested_at FROM ledgers ORDER BY sequence")) {
            while (rs.next()) {
                sequences.add(rs.getLong(1));
                closes.add(Instant.parse(rs.getString(2)));
                commits.add(Instant.parse(rs.getString(3)));
            }
        }
        CommitGap largest = new CommitGap(Duration.ZERO, 0, null, null);
        for (int i = 1; i < commits.size(); i++) {
            if (commits.get(i).isAfter(from) && commits.get(i - 1).isBefore(to)) {
                final Duration gap = Duration.between(commits.get(i - 1), commits.get(i));
                if (gap.compareTo(largest.length()) > 0) {
                    largest = new CommitGap(gap, sequences.get(i), closes.get(i), commits.get(i));
                }
            }
        }
        return largest;
    }

    /** What each instance logged about the lease: when it took, released or lost it. */
    private List<String> leaseLines() throws Exception {
        final List<String> lines = new ArrayList<>();
        for (String id : List.of("a", "b", "c")) {
            try (var logs = Files.list(dir.resolve(id))) {
                for (Path log : logs.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList()) {
                    Files.readAllLines(log).stream().filter(l -> l.contains("lease singleton") || l.contains("standby:"))
                            .forEach(l -> lines.add(id + ": " + l));
                }
            }
        }
        return lines;
    }

    private long lastEventSequence() throws Exception {
        final List<Long> last = query("SELECT COALESCE(MAX(sequence), 0) FROM events");
        return last.get(0);
    }

    /** {sequence, ledger} of the stored ledger.closed events after {@code after}. */
    private List<long[]> storedLedgerEvents(long after) throws Exception {
        final List<long[]> rows = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sequence, subject FROM events WHERE type = 'ledger.closed' "
                     + "AND sequence > " + after + " ORDER BY sequence")) {
            while (rs.next()) {
                rows.add(new long[] {rs.getLong(1), Long.parseLong(rs.getString(2))});
            }
        }
        return rows;
    }

    private List<Long> query(String sql) throws Exception {
        final List<Long> values = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
        }
        return values;
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection(url + "?connectTimeout=5", PostgresProcess.USER, "");
    }
}
