package io.ledgerlens.lifecycle;

import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestTrackerTest {
    private static final String PROBE = "/health-check";

    private final FakeTicker ticker = new FakeTicker();
    private final DrainState drain = new DrainState();
    private final RequestTracker tracker = new RequestTracker(drain, ticker, List.of(PROBE, "/health-check/live"));
    private final FakeHttp.Response response = new FakeHttp.Response();

    @Test
    void countsARequestInFlightAndRecordsActivityAtBothEnds() throws Exception {
        final long created = ticker.nanos();
        assertThat(tracker.lastActivityNanos()).isEqualTo(created);
        ticker.advance(Duration.ofSeconds(1));
        final AtomicInteger inFlightInside = new AtomicInteger(-1);
        final AtomicInteger lastActivityInside = new AtomicInteger(-1);

        tracker.doFilter(FakeHttp.request("/api/ledger"), response.proxy, (req, res) -> {
            inFlightInside.set(tracker.inFlight());
            lastActivityInside.set((int) (tracker.lastActivityNanos() - created) / 1_000_000);
            ticker.advance(Duration.ofMillis(250));
        });

        assertThat(inFlightInside.get()).isEqualTo(1);
        assertThat(lastActivityInside.get()).as("activity at arrival, ms since creation").isEqualTo(1000);
        assertThat(tracker.inFlight()).isZero();
        assertThat(tracker.lastActivityNanos()).isEqualTo(created + Duration.ofMillis(1250).toNanos());
        assertThat(response.header("Connection")).isNull();
    }

    @Test
    void probesAreNotActivity() throws Exception {
        final long before = tracker.lastActivityNanos();
        final AtomicInteger inFlightInside = new AtomicInteger(-1);
        ticker.advance(Duration.ofSeconds(1));

        tracker.doFilter(FakeHttp.request(PROBE), response.proxy, (req, res) -> {
            inFlightInside.set(tracker.inFlight());
            ticker.advance(Duration.ofMillis(5));
        });
        tracker.doFilter(FakeHttp.request("/health-check/live"), response.proxy, (req, res) -> { });

        assertThat(inFlightInside.get()).isZero();
        assertThat(tracker.lastActivityNanos()).isEqualTo(before);
    }

    @Test
    void probesWhileDrainingAreServedNormally() throws Exception {
        drain.drainForShutdown();
        final AtomicBoolean called = new AtomicBoolean();
        tracker.doFilter(FakeHttp.request(PROBE, Map.of("Upgrade", "websocket")), response.proxy,
                (req, res) -> called.set(true));
        assertThat(called).isTrue();
        assertThat(response.header("Connection")).as("probes too: every response while draining")
                .isEqualTo("close");
        assertThat(tracker.inFlight()).isZero();
    }

    @Test
    void whileDrainingResponsesCloseTheConnection() throws Exception {
        drain.markStarted();
        drain.drain();
        final AtomicBoolean called = new AtomicBoolean();

        tracker.doFilter(FakeHttp.request("/api/ledger"), response.proxy, (req, res) -> called.set(true));

        assertThat(called).isTrue();
        assertThat(response.header("Connection")).isEqualTo("close");
        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void websocketUpgradesAreServedWhenNotDraining() throws Exception {
        drain.markStarted();
        final AtomicBoolean called = new AtomicBoolean();

        tracker.doFilter(FakeHttp.request("/ws", Map.of("Upgrade", "websocket")), response.proxy,
                (req, res) -> called.set(true));

        assertThat(called).isTrue();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Connection")).isNull();
    }

    @Test
    void aFailingRequestIsNoLongerInFlight() {
        assertThatThrownBy(() -> tracker.doFilter(FakeHttp.request("/api/ledger"), response.proxy, (req, res) -> {
            throw new ServletException("boom");
        })).isInstanceOf(ServletException.class);
        assertThat(tracker.inFlight()).isZero();
    }
}
