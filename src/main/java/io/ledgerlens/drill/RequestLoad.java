package io.ledgerlens.drill;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * REST load at a fixed rate over keep-alive connections; records when each request was sent and how it ended
 * (the status, or the error a client would see).
 */
final class RequestLoad implements AutoCloseable {
    record Outcome(long sentNanos, String result) {
        boolean ok() {
            return result.startsWith("2");
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread t = new Thread(r, "drill-load");
        t.setDaemon(true);
        return t;
    });
    private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    private final URI uri;
    private final int perSecond;

    RequestLoad(String url, int perSecond) {
        if (perSecond < 1 || perSecond > 1000) {
            throw new IllegalArgumentException("--rps must be 1..1000, got " + perSecond);
        }
        this.uri = URI.create(url);
        this.perSecond = perSecond;
    }

    void start() {
        scheduler.scheduleAtFixedRate(this::send, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
    }

    private void send() {
        final long sent = System.nanoTime();
        http.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15)).GET().build(),
                        HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, error) -> outcomes.add(new Outcome(sent, response != null
                        ? String.valueOf(response.statusCode()) : "error " + rootCause(error))));
    }

    int sent() {
        return outcomes.size();
    }

    /** Stops sending and waits (bounded) for the answers still on their way. */
    void stopSending(int expectedAtLeast) throws InterruptedException {
        scheduler.shutdownNow();
        scheduler.awaitTermination(2, TimeUnit.SECONDS);
        final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (outcomes.size() < expectedAtLeast && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    /** Counts by result ("200", "503", "error ConnectException"), for the requests that match. */
    static Map<String, Integer> tally(List<Outcome> outcomes, Predicate<Outcome> which) {
        final Map<String, Integer> counts = new TreeMap<>();
        outcomes.stream().filter(which).forEach(o -> counts.merge(o.result(), 1, Integer::sum));
        return counts;
    }

    private static String rootCause(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
