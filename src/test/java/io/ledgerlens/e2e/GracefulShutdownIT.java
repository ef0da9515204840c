package io.ledgerlens.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerlens.testsupport.ChildJvm;
import io.ledgerlens.testsupport.HttpProbe;
import io.ledgerlens.testsupport.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole promise, end to end: a real child JVM under HTTP load (fast and multi-second requests) with
 * WebSocket clients gets a real SIGTERM. Nothing sent before the signal fails, readiness says 503 before the
 * listener closes, every WebSocket client is told and closed with 1001, the process exits within its budget,
 * and the next start exposes a clean report.
 */
class GracefulShutdownIT extends ChildServiceTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();

    /** One request: when it was sent relative to the signal, and how it ended. */
    record Outcome(long sentAtNanos, int status, String error) {
    }

    @AfterEach
    void stopLoad() {
        pool.shutdownNow();
    }

    @Test
    void sigtermUnderLoadLosesNothingAndReportsClean() throws Exception {
        final ChildJvm jvm = service.startAndAwaitReady();
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        final List<WsClient> clients = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            final WsClient client = WsClient.connect(URI.create(service.ws()), Duration.ofSeconds(10));
            client.awaitMessage(m -> m.contains("\"hello\""), Duration.ofSeconds(10));
            clients.add(client);
        }

        final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> readiness = new ConcurrentLinkedQueue<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        final List<CompletableFuture<?>> loops = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            loops.add(CompletableFuture.runAsync(() -> {
                while (running.get()) {
                    outcomes.add(send(http, service.app("/test/fast")));
                }
            }, pool));
        }
        loops.add(CompletableFuture.runAsync(() -> {
            while (running.get()) {
                final Outcome o = send(http, service.app("/health-check"));
                readiness.add(o.error() != null ? "refused" : String.valueOf(o.status()));
                if (o.error() != null) {
                    return;
                }
            }
        }, pool));
        // Multi-second requests in flight at the signal: the drain and Jetty's grace must let them finish.
        final List<CompletableFuture<Outcome>> slow = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            // Longer than the drain's max wait (2 s): still in flight when the http phase begins.
            slow.add(CompletableFuture.supplyAsync(() -> send(http, service.app("/test/slow?ms=4000")), pool));
        }
        io.ledgerlens.testsupport.Poll.until("load flowing", Duration.ofSeconds(10), () -> outcomes.size() > 50);
        final KeepAlive idle = KeepAlive.open(service.appPort());
        assertThat(idle.get("/test/fast")).startsWith("HTTP/1.1 200");

        final long signalAt = System.nanoTime();
        jvm.signal("TERM");
        // The listener refusing connections is the sign that Jetty's graceful stop has begun.
        io.ledgerlens.testsupport.Poll.until("the listener closed", Duration.ofSeconds(15),
                () -> !KeepAlive.canConnect(service.appPort()));
        String late;
        try {
            late = idle.get("/test/fast");
        } catch (java.io.IOException e) {
            late = "";
        }
        idle.close();
        final int exitCode = jvm.waitForExit(Duration.ofSeconds(30));
        running.set(false);
        CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        assertThat(exitCode).as("exit code of a clean shutdown").isZero();
        assertThat(jvm.exitedAfterLastSignal()).as("SIGTERM to exit").isLessThan(service.totalBudget());

        final List<Outcome> beforeSignal = outcomes.stream().filter(o -> o.sentAtNanos() < signalAt).toList();
        assertThat(beforeSignal).hasSizeGreaterThan(50).allSatisfy(o -> assertThat(o.status()).isEqualTo(200));
        for (CompletableFuture<Outcome> s : slow) {
            assertThat(s.get(10, TimeUnit.SECONDS).status()).as("slow request sent before the signal").isEqualTo(200);
        }

        // Jetty closes idle keep-alive connections when its graceful stop begins; a request that still gets
        // onto one is answered 503 by Dropwizard's GracefulHandler. Either way it is not taken on.
        assertThat(late).as("a request arriving on a kept-alive connection once the http phase has begun")
                .satisfiesAnyOf(l -> assertThat(l).isEmpty(), l -> assertThat(l).startsWith("HTTP/1.1 503"));

        final List<String> seen = List.copyOf(readiness);
        assertThat(seen).contains("503");
        assertThat(seen.indexOf("503")).as("503 before the listener closed: " + seen)
                .isLessThan(seen.indexOf("refused") < 0 ? Integer.MAX_VALUE : seen.indexOf("refused"));

        for (WsClient client : clients) {
            assertThat(client.awaitClose(Duration.ofSeconds(5))).isEqualTo(1001);
            assertThat(client.messages()).anySatisfy(m -> assertThat(m).contains("\"server_shutdown\"")
                    .contains("\"lastSequence\"").contains("\"reconnectAfterMs\""));
        }

        service.startAndAwaitReady();
        final JsonNode report = service.reports(1).get(0);
        assertThat(report.get("outcome").asText()).isEqualTo("clean");
        assertThat(report.get("cause").asText()).isEqualTo("SIGTERM");
        final List<String> phases = new ArrayList<>();
        report.get("phases").forEach(p -> {
            phases.add(p.get("name").asText());
            assertThat(p.get("outcome").asText()).as(p.toString()).isIn("clean", "skipped");
            assertThat(p.get("durationMs").asLong()).isGreaterThanOrEqualTo(0);
        });
        assertThat(phases).containsExactly("signal", "drain", "websockets", "http", "background", "redis", "database");
        assertThat(report.get("facts").get("websocketClients").asInt()).isEqualTo(5);
        assertThat(HttpProbe.get(service.admin("/prometheus"), Duration.ofSeconds(5)).body())
                .contains("shutdown_previous_outcome_clean 1.0");
    }

    private static Outcome send(HttpClient http, String url) {
        final long sent = System.nanoTime();
        try {
            final HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(15)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Outcome(sent, r.statusCode(), null);
        } catch (ConnectException e) {
            return new Outcome(sent, -1, "refused");
        } catch (Exception e) {
            return new Outcome(sent, -1, e.toString());
        }
    }
}
