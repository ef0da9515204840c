package io.ledgerlens.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: the client side of a rolling restart that a script drives (test_graceful_shutdown.sh, bench/compare.sh).
 *
 * <p>GET requests on a fixed schedule (request k is due at start + k / rps, paths taken in turn) with at most
 * {@code connections} in flight, like a client with a bounded connection pool: a request that finds every
 * connection busy waits for one. Latency runs from when the request was due, so waiting for a connection counts
 * (no coordinated omission), and an overloaded harness shows up as latency instead of as thousands of sockets.
 * It sends until FILE exists (at least one request), then waits (bounded) for the answers.
 *
 * <p>Prints one line of {@code key=value} (requests, failed, failures by kind, p50/p99/max latency in ms), then one
 * line per failure with its due time in seconds after {@code origin-epoch-ms} (the caller's roll start) and its kind.
 * {@code answer_ms=p50/p99/max} is the time from sending to the answer alone: when it is far below the latency,
 * requests waited for a connection (the client fell behind its schedule), not for the server.
 * Exits 1 on any failure (not a 2xx, a connection error, or no answer within the timeout), 0 otherwise.
 *
 * <p>Usage: RollingLoad baseUrl paths(comma-separated) rps connections until-file origin-epoch-ms [timeout-s]
 */
public final class RollingLoad {
    private record Result(long dueNanos, long latencyNanos, long answerNanos, String kind) {
        boolean ok() {
            return kind.startsWith("2");
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 6 || args.length > 7) {
            System.err.println("usage: RollingLoad baseUrl paths rps connections until-file origin-epoch-ms [timeout-s]");
            System.exit(2);
        }
        System.exit(run(args, System.out));
    }

    /** Runs the load until the file exists; prints the summary and the failures; 1 on any failure, else 0. */
    static int run(String[] args, java.io.PrintStream out) throws Exception {
        final String base = args[0];
        final String[] paths = args[1].split(",");
        final int rps = Integer.parseInt(args[2]);
        final int connections = Integer.parseInt(args[3]);
        final Path until = Path.of(args[4]);
        final long originEpochMs = Long.parseLong(args[5]);
        final Duration timeout = Duration.ofSeconds(args.length == 7 ? Long.parseLong(args[6]) : 20);
        if (rps < 1 || rps > 2000 || connections < 1 || connections > 1000) {
            throw new IllegalArgumentException("rps must be 1..2000 and connections 1..1000, got " + rps + ", "
                    + connections);
        }
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        final Semaphore slots = new Semaphore(connections);
        final ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
        final List<CompletableFuture<?>> answers = new ArrayList<>();
        final long startNanos = System.nanoTime();
        final long originOffsetNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis() - originEpochMs);
        final long periodNanos = 1_000_000_000L / rps;
        final long stopDeadline = startNanos + TimeUnit.MINUTES.toNanos(15);
        boolean more = true;
        for (long k = 0; more; k++) {
            final long due = startNanos + k * periodNanos;
            final long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);   // the schedule itself: a rate, not a synchronisation
            }
            slots.acquire();
            final long sent = System.nanoTime();
            final String path = paths[(int) (k % paths.length)];
            answers.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).GET().build(),
                            HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, error) -> {
                        final long done = System.nanoTime();
                        results.add(new Result(due - startNanos + originOffsetNanos, done - due, done - sent,
                                response != null ? String.valueOf(response.statusCode()) : rootCause(error)));
                        slots.release();
                    }));
            more = !Files.exists(until) && System.nanoTime() < stopDeadline;
        }
        try {
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                    .get(timeout.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // Counted below as unanswered.
        }
        out.println(summary(List.copyOf(results), answers.size()));
        results.stream().filter(r -> !r.ok()).sorted(Comparator.comparingLong(Result::dueNanos))
                .forEach(r -> out.printf("failure at=%.3fs kind=%s latency_ms=%d%n", r.dueNanos() / 1e9,
                        r.kind(), TimeUnit.NANOSECONDS.toMillis(r.latencyNanos())));
        final boolean clean = results.stream().allMatch(Result::ok) && results.size() == answers.size();
        return clean ? 0 : 1;
    }

    static String summary(List<Result> results, int sent) {
        final long[] ms = results.stream().mapToLong(r -> TimeUnit.NANOSECONDS.toMillis(r.latencyNanos()))
                .sorted().toArray();
        final long[] answer = results.stream().mapToLong(r -> TimeUnit.NANOSECONDS.toMillis(r.answerNanos()))
                .sorted().toArray();
        final Map<String, Integer> failures = new TreeMap<>();
        results.stream().filter(r -> !r.ok()).forEach(r -> failures.merge(r.kind(), 1, Integer::sum));
        final long failed = failures.values().stream().mapToInt(Integer::intValue).sum() + (sent - results.size());
        return "requests=" + sent + " failed=" + failed + " unanswered=" + (sent - results.size())
                + " failures=" + (failures.isEmpty() ? "-" : failures.toString().replace(" ", ""))
                + " p50_ms=" + percentile(ms, 0.50) + " p99_ms=" + percentile(ms, 0.99)
                + " max_ms=" + (ms.length == 0 ? 0 : ms[ms.length - 1])
                + " answer_ms=" + percentile(answer, 0.50) + "/" + percentile(answer, 0.99) + "/"
                + (answer.length == 0 ? 0 : answer[answer.length - 1]);
    }

    private static long percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }

    private static String rootCause(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        // HttpConnectTimeoutException's cause is a ConnectException: name both so a refused and a timed-out connect differ.
        final String outer = rootName(error);
        return outer.equals(t.getClass().getSimpleName()) ? outer : outer + "/" + t.getClass().getSimpleName();
    }

    private static String rootName(Throwable error) {
        Throwable t = error;
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName();
    }

    private RollingLoad() {
    }
}
