package io.ledgerlens.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlens.testsupport.HttpProbe;
import io.ledgerlens.testsupport.Poll;
import io.ledgerlens.testsupport.PostgresProcess;
import io.ledgerlens.testsupport.RedisProcess;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark, not a test (bench/replicas.sh runs it): two instances on one real PostgreSQL and one Redis, as
 * {@link ReplicaHandoverIT} starts them, with the simulated network at one ledger a second. It prints
 * <ul>
 *   <li>commit-to-push latency of {@code ledger.closed} on WebSocket, on the leader and on the other instance (which
 *   learns of the commit through the Redis change feed), from the event's {@code createdAt}. The leader stamps it
 *   just before the writing transaction, so the figure includes the transaction;</li>
 *   <li>at SIGTERM to the leader, rounds of: time until the other instance reports itself leader (its
 *   {@code leadership.leader} gauge, polled every 20 ms) and the largest gap between two ledger commits around it;</li>
 *   <li>the same after kill -9, which waits for the lease's TTL ({@code LEADERSHIP_TTL}, default 10 s).</li>
 * </ul>
 * Usage: {@code ReplicasBench [samples=60] [rounds=3]}.
 */
public final class ReplicasBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration T = Duration.ofSeconds(90);

    private final String url;
    private final String redisUrl;
    private final Path dir;
    private final Instant genesis = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);

    private ReplicasBench(String url, String redisUrl, Path dir) {
        this.url = url;
        this.redisUrl = redisUrl;
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        final int samples = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        final Path dir = Files.createTempDirectory("replicas-bench");
        try (PostgresProcess postgres = PostgresProcess.start(); RedisProcess redis = RedisProcess.start()) {
            new ReplicasBench(postgres.createDatabase(), redis.url(), dir).run(samples, rounds);
        }
        System.out.println("logs: " + dir);
    }

    private void run(int samples, int rounds) throws Exception {
        final ServiceProcess a = instance("a");
        final ServiceProcess b = instance("b");
        try (a; b) {
            a.startAndAwaitReady();
            Poll.until("a leads and ingests", T, () -> leader(a) && storedLedgers() > 3);
            b.startAndAwaitReady();
            awaitFollowingAndWarm(b);
            pushLatency(a, b, samples);
            ServiceProcess leader = a;
            ServiceProcess other = b;
            final List<Long> termTakeover = new ArrayList<>();
            final List<Long> termGap = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                final long[] r = handover(leader, other, "TERM");
                termTakeover.add(r[0]);
                termGap.add(r[1]);
                final ServiceProcess next = other;
                other = leader;
                leader = next;
            }
            final List<Long> killTakeover = new ArrayList<>();
            final List<Long> killGap = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                final long[] r = handover(leader, other, "KILL");
                killTakeover.add(r[0]);
                killGap.add(r[1]);
                final ServiceProcess next = other;
                other = leader;
                leader = next;
            }
            System.out.printf("handover | rounds | other leads after signal, ms (each) | largest commit gap, ms (each)%n");
            System.out.printf("SIGTERM  | %6d | %s | %s%n", rounds, termTakeover, termGap);
            System.out.printf("kill -9  | %6d | %s | %s%n", rounds, killTakeover, killGap);
        }
    }

    private ServiceProcess instance(String id) throws Exception {
        final Path home = Files.createDirectories(dir.resolve(id));
        return new ServiceProcess(home, redisUrl)
                .env("DATABASE_URL", url)
                .env("DATABASE_USER", PostgresProcess.USER)
                .env("INSTANCE_ID", id)
                .env("SIMULATED_SEED", "11")
                .env("SIMULATED_GENESIS_TIME", genesis.toString())
                .env("INGEST_START", "1")
                .env("INGEST_POLL_INTERVAL", "250ms");
    }

    /** A restarted instance follows, and has run its standby warm-up, before it is asked to take over. */
    private void awaitFollowingAndWarm(ServiceProcess service) throws Exception {
        Poll.until("a follower with its warm-up done", T, () -> {
            try {
                return !leader(service) && service.log().contains("standby:");
            } catch (Exception e) {
                return false;
            }
        });
    }

    private void pushLatency(ServiceProcess leader, ServiceProcess other, int samples) throws Exception {
        final Receiver onLeader = Receiver.connect(leader.ws());
        final Receiver onOther = Receiver.connect(other.ws());
        try {
            Poll.until(samples + " ledgers on both", Duration.ofSeconds(samples * 3L + 30),
                    () -> onLeader.latencies().size() >= samples && onOther.latencies().size() >= samples);
        } finally {
            onLeader.close();
            onOther.close();
        }
        System.out.printf("commit-to-push of ledger.closed over WebSocket, %d ledgers at one a second%n", samples);
        System.out.printf("instance            | p50 ms | p99 ms | max ms%n");
        print("leader (in process)", onLeader.latencies());
        print("other (via Redis)", onOther.latencies());
    }

    private static void print(String name, List<Long> micros) {
        final List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        System.out.printf("%-19s | %6.1f | %6.1f | %6.1f%n", name, pct(sorted, 50) / 1000.0, pct(sorted, 99) / 1000.0,
                sorted.get(sorted.size() - 1) / 1000.0);
    }

    private static long pct(List<Long> sorted, int p) {
        final int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** @return {ms until the other leads, largest gap between ledger commits from 5 s before to after it, ms} */
    private long[] handover(ServiceProcess leader, ServiceProcess other, String signal) throws Exception {
        final long before = storedLedgers();
        Poll.until("ingestion goes on", T, () -> storedLedgers() > before + 2);
        final Instant sent = Instant.now();
        final long sentNanos = System.nanoTime();
        leader.jvm().signal(signal);
        Poll.until("the other leads", T, () -> leader(other));
        final long takeoverMs = (System.nanoTime() - sentNanos) / 1_000_000;
        leader.jvm().waitForExit(leader.totalBudget().plusSeconds(10));
        final long after = storedLedgers();
        Poll.until("the new leader ingests", T, () -> storedLedgers() > after + 2);
        final long gap = largestCommitGap(sent.minusSeconds(5));
        leader.startAndAwaitReady();
        awaitFollowingAndWarm(leader);
        return new long[] {takeoverMs, gap};
    }

    private long largestCommitGap(Instant from) throws SQLException {
        final List<Instant> commits = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url + "?connectTimeout=5", PostgresProcess.USER, "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT ingested_at FROM ledgers ORDER BY sequence")) {
            while (rs.next()) {
                commits.add(Instant.parse(rs.getString(1)));
            }
        }
        long largest = 0;
        for (int i = 1; i < commits.size(); i++) {
            if (commits.get(i - 1).isAfter(from)) {
                largest = Math.max(largest, Duration.between(commits.get(i - 1), commits.get(i)).toMillis());
            }
        }
        return largest;
    }

    private static boolean leader(ServiceProcess service) {
        try {
            final var response = HttpProbe.get(service.admin("/metrics"), Duration.ofSeconds(5));
            final JsonNode gauge = JSON.readTree(response.body()).path("gauges").path("leadership.leader");
            return gauge.path("value").asInt() == 1;
        } catch (Exception | AssertionError e) {
            return false;
        }
    }

    private long storedLedgers() {
        try (Connection c = DriverManager.getConnection(url + "?connectTimeout=5", PostgresProcess.USER, "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM ledgers")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A WebSocket client on the ledgers channel that keeps, per live event, receive time minus createdAt. */
    private static final class Receiver implements WebSocket.Listener {
        private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static Receiver connect(String uri) throws Exception {
            final Receiver receiver = new Receiver();
            receiver.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(uri + "?channels=ledgers"), receiver).get(10, TimeUnit.SECONDS);
            return receiver;
        }

        List<Long> latencies() {
            return List.copyOf(latencies);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            final Instant received = Instant.now();
            partial.append(data);
            if (last) {
                try {
                    final JsonNode message = JSON.readTree(partial.toString());
                    if ("event".equals(message.path("type").asText()) && message.has("createdAt")) {
                        latencies.add(ChronoUnit.MICROS.between(Instant.parse(message.get("createdAt").asText()),
                                received));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("unreadable message: " + partial, e);
                } finally {
                    partial.setLength(0);
                }
            }
            ws.request(1);
            return null;
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
    }
}
