package io.ledgerlens.bench;

import com.codahale.metrics.MetricRegistry;
import io.ledgerlens.events.EventLog;
import io.ledgerlens.it.TestApp;
import io.ledgerlens.testsupport.FreePorts;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Not a test: WebSocket fan-out of the real service (Jetty, the hub's dispatcher, SQLite's event log) in this
 * JVM. For N clients subscribed to one asset channel, a writer appends M events to the event log in transactions
 * of 100 (as a busy ingestion job does, waking the dispatcher after each commit); the time is from the first
 * write to the last event received by the last client. Clients are JDK WebSocket clients in the same JVM, on the
 * same cores as the service: the figures are for the whole loop on one machine.
 * Usage: java -cp target/ledgerlens.jar:target/test-classes io.ledgerlens.bench.WebSocketFanout [events] [runs]
 * [clients,...] [sendQueueLimit]
 */
public final class WebSocketFanout {
    private static final String ASSET = "BENCH:G" + "B".repeat(55);
    private static final String PAYLOAD = "{\"sequence\":28382654,\"hash\":\"" + "a".repeat(64) + "\",\"closed_at\":"
            + "\"2026-11-25T12:04:13Z\",\"successful_transaction_count\":16,\"failed_transaction_count\":1,"
            + "\"operation_count\":17,\"payment_count\":17}";
    private static final int PER_TRANSACTION = 100;

    public static void main(String[] args) throws Exception {
        final int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        final int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        final int[] fanouts = args.length > 2 ? java.util.Arrays.stream(args[2].split(","))
                .mapToInt(Integer::parseInt).toArray() : new int[] {1, 10, 100};
        final String queueLimit = args.length > 3 ? args[3] : "256";
        final Path dir = Files.createTempDirectory("ledgerlens-ws-bench");
        final int port = FreePorts.next();
        System.setProperty("dw.server.applicationConnectors[0].port", Integer.toString(port));
        System.setProperty("dw.server.adminConnectors[0].port", Integer.toString(FreePorts.next()));
        System.setProperty("dw.database.url", "jdbc:sqlite:" + dir.resolve("bench.db"));
        System.setProperty("dw.redis.url", "redis://127.0.0.1:1");
        // One simulated ledger an hour: the source adds next to nothing while the bench runs.
        System.setProperty("dw.source.simulated.pace", "1h");
        System.setProperty("dw.websocket.sendQueueLimit", queueLimit);
        System.setProperty("dw.logging.level", "ERROR");
        final BenchApp service = new BenchApp();
        // Starts Jetty and returns; the exit below ends the JVM.
        service.run("server", "config.yml");
        try {
            final URI uri = URI.create("ws://127.0.0.1:" + port + "/ws?channels=assets:" + ASSET);
            final MetricRegistry metrics = service.metrics;
            System.out.printf("%d events of %d bytes per run, written %d per transaction; %d runs; "
                    + "websocket.sendQueueLimit %s%n", events, PAYLOAD.length(), PER_TRANSACTION, runs, queueLimit);
            System.out.println("clients | median events/s | median deliveries/s | median write ms | slow-consumer "
                    + "closes | runs (ms to last delivery)");
            once(service, uri, 10, events);
            System.out.println("(warm-up run with 10 clients done, not counted)");
            for (int clients : fanouts) {
                final List<Long> total = new ArrayList<>();
                final List<Long> writes = new ArrayList<>();
                long slow = 0;
                for (int run = 0; run < runs; run++) {
                    final long slowBefore = metrics.counter("websocket.slow_consumer_disconnects").getCount();
                    final long[] result = once(service, uri, clients, events);
                    total.add(result[0]);
                    writes.add(result[1]);
                    slow += metrics.counter("websocket.slow_consumer_disconnects").getCount() - slowBefore;
                }
                final double median = median(total);
                System.out.printf("%7d | %15.0f | %19.0f | %15.0f | %19d | %s%n", clients, events * 1000.0 / median,
                        (double) events * clients * 1000.0 / median, median(writes), slow, total);
            }
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            throw e;
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            System.exit(0);
        }
    }

    /** @return {ms from the first write to the last delivery, ms the writes took} */
    private static long[] once(BenchApp service, URI uri, int count, int events) throws Exception {
        final HttpClient http = HttpClient.newHttpClient();
        final List<Counting> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final Counting client = new Counting();
            client.socket = http.newWebSocketBuilder().buildAsync(uri, client).get(10, TimeUnit.SECONDS);
            clients.add(client);
        }
        awaitAll(clients, c -> c.subscribed, Duration.ofSeconds(30), "subscribed");
        final long start = System.nanoTime();
        for (int written = 0; written < events; written += PER_TRANSACTION) {
            final int n = Math.min(PER_TRANSACTION, events - written);
            service.wiring().database().useTransaction(h -> {
                for (int i = 0; i < n; i++) {
                    EventLog.append(h, "asset.updated", ASSET, PAYLOAD, Instant.now());
                }
            });
            service.wiring().commits().committed();
        }
        final long writeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        awaitAll(clients, c -> c.events.get() >= events || c.closed, Duration.ofSeconds(60), "every event");
        final long totalMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        final long incomplete = clients.stream().filter(c -> c.events.get() < events).count();
        if (incomplete > 0) {
            System.out.printf("  (%d of %d clients were closed before the last event: %s)%n", incomplete, count,
                    clients.stream().filter(c -> c.closed).map(c -> c.closeCode + " " + c.closeReason).distinct()
                            .toList());
        }
        for (Counting client : clients) {
            client.socket.abort();
        }
        return new long[] {totalMs, writeMs};
    }

    private static void awaitAll(List<Counting> clients, java.util.function.Predicate<Counting> done,
                                 Duration timeout, String what) throws InterruptedException {
        final long end = System.nanoTime() + timeout.toNanos();
        while (!clients.stream().allMatch(done)) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out waiting for " + what + "; events received: "
                        + clients.stream().map(c -> c.events.get() + (c.closed ? " closed " + c.closeCode : ""))
                        .toList());
            }
            Thread.sleep(2);
        }
    }

    private static double median(List<Long> values) {
        final List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** The service with its metric registry at hand. */
    private static final class BenchApp extends TestApp {
        volatile MetricRegistry metrics;

        @Override
        protected void customize(io.ledgerlens.LedgerLensConfiguration config,
                                 io.dropwizard.core.setup.Environment environment, Wiring wiring) {
            metrics = environment.metrics();
        }
    }

    /** Counts event messages; reads as fast as the JDK delivers them. */
    private static final class Counting implements WebSocket.Listener {
        final AtomicInteger events = new AtomicInteger();
        volatile boolean subscribed;
        volatile boolean closed;
        volatile int closeCode;
        volatile String closeReason;
        volatile WebSocket socket;
        private static final int PREFIX = 21;
        private final StringBuilder head = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            // A message may arrive in pieces, the first shorter than the prefix: keep its start until it is known.
            if (head.length() < PREFIX) {
                head.append(data, 0, Math.min(data.length(), PREFIX - head.length()));
            }
            if (last) {
                final String start = head.toString();
                if (start.startsWith("{\"type\":\"event\"")) {
                    events.incrementAndGet();
                } else if (start.startsWith("{\"type\":\"subscribed\"")) {
                    subscribed = true;
                }
                head.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closeCode = statusCode;
            closeReason = reason;
            closed = true;
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed = true;
        }
    }
}
