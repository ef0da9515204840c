package io.ledgerlens.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: what clients see when a server process is sent SIGTERM under load. Used by bench/compare.sh for
 * LedgerLens and the baseline alike, sent directly to the process.
 *
 * <p>It opens W WebSocket clients, sends GET requests at a fixed rate over keep-alive connections (paths taken in
 * turn), sends SIGTERM to the pid after {@code before} seconds, keeps sending for {@code after} seconds, then waits
 * (bounded) for the answers. Prints one line of {@code key=value} pairs: requests sent before and after the
 * signal and how many of each failed (anything but a 2xx, including connection errors), the failures by kind,
 * and for the WebSocket clients how many got a {@code server_shutdown} message and a close frame with code 1001.
 * The signal's epoch millisecond goes to {@code signal_epoch_ms} so that the caller, the process's parent, can
 * time the exit with {@code wait}.
 *
 * <p>A rolling restart, which a script drives, has its own load generator: {@link RollingLoad}.
 *
 * <p>Usage: StopProbe baseUrl paths(comma-separated) rps before-s after-s pid wsUrl|- wsClients
 * where after-s is how long it keeps sending once the process has exited.
 */
public final class StopProbe {
    private record Outcome(boolean beforeSignal, String result) {
        boolean ok() {
            return result.startsWith("2");
        }
    }

    private static final class WsClient implements WebSocket.Listener {
        volatile boolean notice;
        volatile int closeCode = -1;
        volatile String error;
        /** Completes when the connection has ended, by a close frame or an error. */
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                notice |= text.indexOf("\"server_shutdown\"") >= 0;
                text.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            closeCode = statusCode;
            ended.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable e) {
            error = rootCause(e);
            ended.complete(null);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 8) {
            System.err.println("usage: StopProbe baseUrl paths rps before-s after-s pid wsUrl|- wsClients");
            System.exit(2);
        }
        final String base = args[0];
        final String[] paths = args[1].split(",");
        final int rps = Integer.parseInt(args[2]);
        final Duration before = Duration.ofMillis((long) (Double.parseDouble(args[3]) * 1000));
        final Duration after = Duration.ofMillis((long) (Double.parseDouble(args[4]) * 1000));
        final String wsUrl = args[6];
        final int wsClients = Integer.parseInt(args[7]);
        if (rps < 1 || rps > 2000) {
            throw new IllegalArgumentException("rps must be 1..2000, got " + rps);
        }
        final ProcessHandle target = ProcessHandle.of(Long.parseLong(args[5]))
                .orElseThrow(() -> new IllegalArgumentException("no process " + args[5]));

        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        final List<WsClient> clients = openWebSockets(http, wsUrl, wsClients);

        final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<CompletableFuture<?>> answers = new ConcurrentLinkedQueue<>();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong signalAt = new AtomicLong(Long.MAX_VALUE);
        final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        scheduler.scheduleAtFixedRate(() -> {
            final boolean beforeSignal = System.nanoTime() < signalAt.get();
            final String path = paths[(int) (sent.getAndIncrement() % paths.length)];
            answers.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base + path))
                            .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, error) -> outcomes.add(new Outcome(beforeSignal,
                            response != null ? String.valueOf(response.statusCode()) : rootCause(error)))));
        }, 0, 1_000_000 / rps, TimeUnit.MICROSECONDS);

        Thread.sleep(before.toMillis());   // the load window before the signal: a duration, not a wait
        // A request stamped "before" was handed to the client before the signal went out.
        signalAt.set(System.nanoTime());
        final long signalEpochMs = System.currentTimeMillis();
        target.destroy();
        awaitQuietly(target.onExit(), Duration.ofSeconds(40));
        Thread.sleep(after.toMillis());    // load after the exit, as long as asked
        scheduler.shutdown();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
        // Every answer (or the request's own 30 s timeout), then every WebSocket's end; what is still open after
        // these bounds is reported as unanswered / open.
        awaitQuietly(CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)), Duration.ofSeconds(35));
        awaitQuietly(CompletableFuture.allOf(clients.stream().map(c -> c.ended).toArray(CompletableFuture[]::new)),
                Duration.ofSeconds(10));

        final Map<String, Object> line = new LinkedHashMap<>();
        line.put("signal_epoch_ms", signalEpochMs);
        line.put("sent_before", outcomes.stream().filter(Outcome::beforeSignal).count());
        line.put("failed_before", outcomes.stream().filter(o -> o.beforeSignal() && !o.ok()).count());
        line.put("sent_after", outcomes.stream().filter(o -> !o.beforeSignal()).count());
        line.put("failed_after", outcomes.stream().filter(o -> !o.beforeSignal() && !o.ok()).count());
        line.put("unanswered", answers.size() - outcomes.size());
        line.put("failures_before", tally(outcomes, true));
        line.put("failures_after", tally(outcomes, false));
        line.put("ws_clients", clients.size());
        line.put("ws_notice", clients.stream().filter(c -> c.notice).count());
        line.put("ws_close1001", clients.stream().filter(c -> c.closeCode == 1001).count());
        line.put("ws_notice_and_close1001", clients.stream().filter(c -> c.notice && c.closeCode == 1001).count());
        line.put("ws_other", describeOthers(clients));
        final StringBuilder out = new StringBuilder();
        line.forEach((k, v) -> out.append(out.length() == 0 ? "" : " ").append(k).append('=').append(v));
        System.out.println(out);
        System.exit(0);
    }

    private static void awaitQuietly(CompletableFuture<?> future, Duration max) throws InterruptedException {
        try {
            future.get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // Counted in the line printed: failures, unanswered requests, open clients.
        }
    }

    private static List<WsClient> openWebSockets(HttpClient http, String url, int count) throws Exception {
        final List<WsClient> clients = new ArrayList<>();
        if (url.equals("-") || count == 0) {
            return clients;
        }
        final List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final WsClient client = new WsClient();
            clients.add(client);
            opening.add(http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create(url), client));
        }
        CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        return clients;
    }

    private static String tally(Iterable<Outcome> outcomes, boolean beforeSignal) {
        final Map<String, Integer> counts = new TreeMap<>();
        for (Outcome o : outcomes) {
            if (o.beforeSignal() == beforeSignal && !o.ok()) {
                counts.merge(o.result(), 1, Integer::sum);
            }
        }
        return counts.isEmpty() ? "-" : counts.toString().replace(" ", "");
    }

    private static String describeOthers(List<WsClient> clients) {
        final Map<String, Integer> counts = new TreeMap<>();
        for (WsClient c : clients) {
            if (!(c.notice && c.closeCode == 1001)) {
                counts.merge(c.closeCode >= 0 ? "close" + c.closeCode + (c.notice ? "+notice" : "")
                        : c.error != null ? c.error : "open", 1, Integer::sum);
            }
        }
        return counts.isEmpty() ? "-" : counts.toString().replace(" ", "");
    }

    private static String rootCause(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName();
    }

    private StopProbe() {
    }
}
