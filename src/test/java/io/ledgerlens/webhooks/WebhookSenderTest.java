package io.ledgerlens.webhooks;

import com.sun.net.httpserver.HttpServer;
import io.ledgerlens.drill.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sender against real HTTP servers on loopback: redirects, DNS rebinding, and a name that never answers. */
class WebhookSenderTest {
    private static final long T_SECONDS = 15;
    private WebhookReceiver receiver;
    private HttpServer redirector;
    private WebhookSender sender;
    private final CountDownLatch dnsAnswers = new CountDownLatch(1);

    @BeforeEach
    void setUp() throws Exception {
        receiver = WebhookReceiver.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        dnsAnswers.countDown();
        if (sender != null) {
            sender.stop();
        }
        if (redirector != null) {
            redirector.stop(0);
        }
        receiver.close();
    }

    private WebhookSender start(TargetGuard guard) throws Exception {
        sender = new WebhookSender(WebhookFixture.config(Map.of("connectTimeout", "200ms", "requestTimeout", "5s")),
                guard, Clock.systemUTC());
        sender.start();
        return sender;
    }

    private static WebhookSender.Result send(WebhookSender sender, String url) throws Exception {
        final CompletableFuture<WebhookSender.Result> done = new CompletableFuture<>();
        sender.send(url, "wh_1:1", "ledger.closed", "whsec_test", "{}", done::complete);
        return done.get(T_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void theClientStartsWhenAskedOnceAndNotAgainAfterItsStop() throws Exception {
        sender = new WebhookSender(WebhookFixture.config(Map.of()), new TargetGuard(true), Clock.systemUTC());
        assertThat(sender.started()).as("not with the service").isFalse();

        sender.start();
        sender.start();
        assertThat(sender.started()).isTrue();
        assertThat(send(sender, receiver.url()).delivered()).isTrue();

        sender.stop();
        assertThat(sender.started()).isFalse();
        assertThatThrownBy(sender::start).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void aRedirectIsNotFollowedAndCountsAsAFailedAttempt(int status) throws Exception {
        // The first hop answers with a redirect to another loopback server: an internal address.
        redirector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        redirector.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Location", receiver.url());
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        redirector.start();
        final String url = "http://127.0.0.1:" + redirector.getAddress().getPort() + "/hook";

        final WebhookSender.Result result = send(start(new TargetGuard(true)), url);

        assertThat(result.status()).isEqualTo(status);
        assertThat(result.delivered()).isFalse();
        assertThat(result.error()).isEqualTo("HTTP " + status + ": redirects are not followed")
                .doesNotContain(receiver.url());
        // The attempt is over (done was called): had the redirect been followed, the receiver would have it.
        assertThat(receiver.count()).isZero();
    }

    @Test
    void aNameThatRebindsToAnInternalAddressAfterTheCheckIsRefusedAtConnect() throws Exception {
        final int port = URI.create(receiver.url()).getPort();
        final AtomicInteger lookups = new AtomicInteger();
        // A public answer when the subscription is saved, loopback (where the receiver listens) afterwards.
        final HostLookup.Resolver rebinding = host -> new InetAddress[] {InetAddress.getByName(
                lookups.incrementAndGet() == 1 ? "93.184.215.14" : "127.0.0.1")};
        final TargetGuard guard = new TargetGuard(false, List.of(port), new HostLookup(rebinding, 2, 2));
        final String url = "http://rebind.test:" + port + "/hook";

        guard.checkResolved(guard.checkUrl(url), Duration.ofSeconds(3)); // the save-time check passes
        final WebhookSender.Result result = send(start(guard), url);

        assertThat(lookups).hasValue(2); // the connection looked the name up again, and checked that answer
        assertThat(result.status()).isZero();
        assertThat(result.error()).contains("webhook target rebind.test resolves to a private or reserved address")
                .doesNotContain("127.0.0.1");
        assertThat(receiver.count()).isZero();
    }

    @Test
    void theSameNameAnsweringWithTheLoopbackReceiverIsReachedWhenPrivateTargetsAreAllowed() throws Exception {
        // The counterpart of the rebinding test: the resolver is the one Jetty uses, and its answer is connected to.
        final int port = URI.create(receiver.url()).getPort();
        final TargetGuard guard = new TargetGuard(true, List.of(), new HostLookup(
                host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")}, 2, 2));

        final WebhookSender.Result result = send(start(guard), "http://rebind.test:" + port + "/hook");

        assertThat(result.delivered()).as(String.valueOf(result.error())).isTrue();
        assertThat(receiver.count()).isEqualTo(1);
    }

    @Test
    void aNameWhoseDnsNeverAnswersFailsTheAttemptsAndHoldsNoMoreThanTheLookupPool() throws Exception {
        final AtomicInteger blocked = new AtomicInteger();
        final AtomicInteger mostBlocked = new AtomicInteger();
        final HostLookup.Resolver hanging = host -> {
            mostBlocked.accumulateAndGet(blocked.incrementAndGet(), Math::max);
            try {
                dnsAnswers.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                blocked.decrementAndGet();
            }
            throw new java.net.UnknownHostException(host);
        };
        final WebhookSender sender = start(new TargetGuard(false, List.of(), new HostLookup(hanging, 2, 2)));

        final List<CompletableFuture<WebhookSender.Result>> attempts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            final CompletableFuture<WebhookSender.Result> done = new CompletableFuture<>();
            sender.send("https://hangs" + i + ".test/hook", "wh_1:" + i, "ledger.closed", "whsec_test", "{}",
                    done::complete);
            attempts.add(done);
        }
        for (CompletableFuture<WebhookSender.Result> attempt : attempts) {
            final WebhookSender.Result result = attempt.get(T_SECONDS, TimeUnit.SECONDS);
            assertThat(result.status()).isZero();
            assertThat(result.error()).containsAnyOf("did not resolve within 200 ms", "too many name lookups");
        }
        assertThat(mostBlocked.get()).isLessThanOrEqualTo(2);
    }
}
