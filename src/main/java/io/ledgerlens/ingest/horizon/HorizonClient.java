package io.ledgerlens.ingest.horizon;

import io.ledgerlens.retry.Backoff;
import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlens.ingest.SourceException;
import io.ledgerlens.lifecycle.JobUnit;
import io.ledgerlens.lifecycle.JobUnit.StopToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * GETs Horizon collection pages. Every request has a connect and a whole-request timeout. Connection errors,
 * timeouts, 5xx, 429 and bodies that are not a Horizon page are retried with backoff (429 honours
 * {@code Retry-After}) up to {@code maxAttempts}; any other 4xx fails at once, since asking again will not help.
 */
public final class HorizonClient {
    private static final Logger LOG = LoggerFactory.getLogger(HorizonClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HorizonConfig config;
    private final HttpClient http;
    private final Backoff backoff;
    private final Pause pause;
    private final Counter requests;
    private final Counter retries;
    private final Counter rateLimited;
    private final Counter errors;
    private final Timer latency;

    HorizonClient(HorizonConfig config, HttpClient http, Backoff backoff, Pause pause, MetricRegistry metrics) {
        this.config = config;
        this.http = http;
        this.backoff = backoff;
        this.pause = pause;
        this.requests = metrics.counter("horizon.requests");
        this.retries = metrics.counter("horizon.retries");
        this.rateLimited = metrics.counter("horizon.rate_limited");
        this.errors = metrics.counter("horizon.errors");
        this.latency = metrics.timer("horizon.latency");
    }

    public static HorizonClient create(HorizonConfig config, MetricRegistry metrics) {
        final HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        final Backoff backoff = new Backoff(config.initialBackoff(), config.maxBackoff(), config.maxRetryAfter(),
                () -> ThreadLocalRandom.current().nextDouble(), Clock.systemUTC());
        return new HorizonClient(config, http, backoff, Pause.SYSTEM, metrics);
    }

    /** The records of the page at {@code pathAndQuery} (relative to the base URL, starting with "/"). */
    public List<JsonNode> records(String pathAndQuery, StopToken stop) throws SourceException, InterruptedException {
        final URI uri = URI.create(config.url() + pathAndQuery);
        String lastProblem = "no attempt made";
        for (int attempt = 0; attempt < config.maxAttempts(); attempt++) {
            if (stop.stopRequested()) {
                throw new SourceException("stop requested before GET " + uri);
            }
            Duration wait = backoff.after(attempt);
            try {
                requests.inc();
                final HttpResponse<String> response;
                try (Timer.Context ignored = latency.time()) {
                    response = send(uri, stop);
                }
                final int status = response.statusCode();
                if (status == 200) {
                    final List<JsonNode> records = pageRecords(response.body());
                    if (records != null) {
                        return records;
                    }
                    lastProblem = "the body is not a Horizon page (no _embedded.records): " + snippet(response.body());
                } else if (status == 429) {
                    rateLimited.inc();
                    wait = backoff.retryAfter(response.headers().firstValue("Retry-After").orElse(null))
                            .orElse(wait);
                    lastProblem = "429 rate limited";
                } else if (status >= 500) {
                    lastProblem = status + " " + problem(response.body());
                } else {
                    errors.inc();
                    throw new SourceException("GET " + uri + " answered " + status + ": " + problem(response.body()));
                }
            } catch (IOException e) {
                lastProblem = describe(e);
            }
            errors.inc();
            if (attempt + 1 < config.maxAttempts()) {
                retries.inc();
                LOG.debug("GET {} failed ({}); attempt {} of {} in {} ms", uri, lastProblem, attempt + 2,
                        config.maxAttempts(), wait.toMillis());
                pause.pause(wait, stop);
            }
        }
        throw new SourceException("GET " + uri + " failed after " + config.maxAttempts() + " attempts: " + lastProblem);
    }

    /**
     * Sends asynchronously and waits for the answer; a stop request cancels the request in flight, so that a
     * Horizon that does not answer holds a stop for no longer than it takes to notice it, not a request timeout.
     */
    private HttpResponse<String> send(URI uri, StopToken stop) throws IOException, InterruptedException,
            SourceException {
        final CompletableFuture<HttpResponse<String>> answer = http.sendAsync(HttpRequest.newBuilder(uri)
                        .timeout(config.requestTimeout())
                        .header("Accept", "application/hal+json, application/json").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        try (JobUnit.Registration ignored = stop.onStop(() -> answer.cancel(true))) {
            return answer.get();
        } catch (CancellationException e) {
            throw new SourceException("stop requested during GET " + uri + ": request cancelled");
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            if (stop.stopRequested()) {
                // The cancellation can also surface as the connection's failure: still the stop, not a retry.
                throw new SourceException("stop requested during GET " + uri + ": request cancelled");
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    /** "ConnectException: Connection refused": the JDK client's exceptions often carry their message in a cause. */
    static String describe(Throwable e) {
        String message = null;
        for (Throwable t = e; t != null && message == null; t = t.getCause() == t ? null : t.getCause()) {
            message = t.getMessage();
        }
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** @return the records, or null if the body is not a page */
    private static List<JsonNode> pageRecords(String body) {
        final JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
        final JsonNode records = root == null ? null : root.path("_embedded").get("records");
        if (records == null || !records.isArray()) {
            return null;
        }
        final List<JsonNode> list = new ArrayList<>(records.size());
        records.forEach(list::add);
        return list;
    }

    /** Horizon's errors are RFC 7807 problems: {@code title} and {@code detail} say what went wrong. */
    private static String problem(String body) {
        try {
            final JsonNode root = JSON.readTree(body);
            if (root != null && root.has("title")) {
                return root.path("title").asText() + (root.has("detail") ? ": " + root.path("detail").asText() : "");
            }
        } catch (IOException ignored) {
            // not JSON: show the start of it
        }
        return snippet(body);
    }

    private static String snippet(String body) {
        final String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }
}
