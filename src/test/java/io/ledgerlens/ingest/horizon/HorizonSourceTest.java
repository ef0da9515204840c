package io.ledgerlens.ingest.horizon;

import io.ledgerlens.retry.Backoff;
import com.codahale.metrics.MetricRegistry;
import io.ledgerlens.ingest.AssetId;
import io.ledgerlens.ingest.AssetStats;
import io.ledgerlens.ingest.Ledger;
import io.ledgerlens.ingest.LiquidityPool;
import io.ledgerlens.ingest.Page;
import io.ledgerlens.ingest.Payment;
import io.ledgerlens.ingest.SourceException;
import io.ledgerlens.lifecycle.JobUnit.StopToken;
import io.ledgerlens.lifecycle.BackgroundJobs;
import io.ledgerlens.lifecycle.PhaseOutcome;
import io.ledgerlens.lifecycle.PhaseStep;
import io.ledgerlens.lifecycle.Ticker;
import io.ledgerlens.testsupport.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.ledgerlens.ingest.horizon.FakeHorizon.ok;
import static io.ledgerlens.ingest.horizon.FakeHorizon.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The Horizon source against a real local HTTP server serving recorded-shape pages. */
class HorizonSourceTest {
    private static final StopToken RUNNING = () -> false;
    private static final String USDC_ISSUER = "GA5ZSEJYB37JRC5AVCIA5MOP4RHTM335X2KGX3IHOJAPP5RE34K4KZVN";
    private static final String PAGE1 = "/ledgers?order=asc&limit=2";
    private static final String PAGE2 = "/ledgers?order=asc&limit=2&cursor=230724612587520000";

    private final FakeHorizon horizon = new FakeHorizon();
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private final MetricRegistry metrics = new MetricRegistry();

    @AfterEach
    void stop() {
        horizon.close();
    }

    private HorizonSource source(Duration requestTimeout, int maxAttempts) {
        final HorizonConfig config = new HorizonConfig(horizon.url() + "/", Duration.ofSeconds(2), requestTimeout,
                maxAttempts, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5));
        // The jitter's random draw is pinned to its maximum so the waits are exact.
        final Backoff backoff = new Backoff(config.initialBackoff(), config.maxBackoff(), config.maxRetryAfter(),
                () -> 1.0, Clock.fixed(Instant.parse("2024-09-10T12:00:00Z"), ZoneOffset.UTC));
        final HttpClient http = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).build();
        return new HorizonSource(new HorizonClient(config, http, backoff, (d, stop) -> pauses.add(d), metrics));
    }

    private HorizonSource source() {
        return source(Duration.ofSeconds(5), 4);
    }

    @Test
    void ledgersMapEveryFieldExactlyAndPageWithTheLastPagingToken() throws Exception {
        horizon.on(PAGE1, ok("ledgers-page1.json")).on(PAGE2, ok("ledgers-page2.json"));
        final Page<Ledger> first = source().ledgers("", 2, RUNNING);
        final Ledger l = first.records().get(0);
        assertThat(l.sequence()).isEqualTo(53720000);
        assertThat(l.totalCoins()).isEqualTo(new BigDecimal("105443902087.3472865"));
        assertThat(l.feePool().toPlainString()).isEqualTo("5467182.0913373");
        assertThat(l.closedAt()).isEqualTo(Instant.parse("2024-09-10T12:00:05Z"));
        assertThat(l.failedTransactionCount()).isEqualTo(37);
        assertThat(l.txSetOperationCount()).isEqualTo(1044);
        assertThat(l.protocolVersion()).isEqualTo(21);
        assertThat(first.nextCursor()).isEqualTo("230724612587520000");
        final Page<Ledger> second = source().ledgers(first.nextCursor(), 2, RUNNING);
        assertThat(second.records()).extracting(Ledger::sequence).containsExactly(53720002L);
        assertThat(second.records().get(0).headerXdr()).isNull();
        assertThat(horizon.received()).containsExactly(PAGE1, PAGE2);
    }

    @Test
    void paymentsFollowPagesIncludeFailedAndPathPaymentsAndSkipTypesWithoutAmount() throws Exception {
        final String base = "/ledgers/53720000/payments?order=asc&include_failed=true&limit=200";
        // A full first page (200 records) makes the source ask for the next one.
        final StringBuilder full = new StringBuilder("{\"_embedded\":{\"records\":[");
        final String one = FakeHorizon.resource("payments-page1.json");
        final String record = one.substring(one.indexOf("\"records\": [") + 12, one.lastIndexOf("]"));
        final String[] two = record.split("},\\s*\\{", 2);
        for (int i = 0; i < 100; i++) {
            full.append(i == 0 ? "" : ",").append(two[0]).append("},{").append(two[1].replace(
                    "230724608292560897", "2307246082925" + String.format("%05d", i)));
        }
        full.append("]}}");
        horizon.on(base, status(200, full.toString(), Map.of()))
                .on(base + "&cursor=230724608292500099", ok("payments-page2.json"));
        final List<Payment> payments = source().payments(53720000, RUNNING);
        assertThat(payments).hasSize(202);
        final Payment usdc = payments.get(0);
        assertThat(usdc.asset()).isEqualTo(AssetId.credit("USDC", USDC_ISSUER));
        assertThat(usdc.amount().toPlainString()).isEqualTo("1234.5678901");
        assertThat(usdc.sourceAsset()).isEqualTo(usdc.asset());
        assertThat(payments.get(1).transactionSuccessful()).isFalse();
        assertThat(payments.get(1).amount().toPlainString()).isEqualTo("0.0000001");
        final Payment path = payments.get(200);
        assertThat(path.type()).isEqualTo("path_payment_strict_send");
        assertThat(path.sourceAsset()).isEqualTo(AssetId.NATIVE);
        assertThat(path.sourceAmount().toPlainString()).isEqualTo("1000.0000000");
        assertThat(path.asset().type()).isEqualTo("credit_alphanum12");
        final Payment created = payments.get(201);
        assertThat(created.type()).isEqualTo("create_account");
        assertThat(created.to()).isEqualTo("GDMXNQBJMS3FYI4PFSYCCB4XODQMNMTKPQ5HIKOUWBOWJ2P3CF6WASBE");
        assertThat(created.amount().toPlainString()).isEqualTo("2.5000000");
        assertThat(payments).noneMatch(p -> p.type().equals("account_merge"));
        assertThat(payments).allMatch(p -> p.ledgerSequence() == 53720000);
    }

    @Test
    void poolsAndAssetsMapStringIntegersExactAmountsAndFlags() throws Exception {
        horizon.on("/liquidity_pools?limit=200", ok("pools.json")).on("/assets?limit=200", ok("assets.json"));
        final LiquidityPool pool = source().pools("", 500, RUNNING).records().get(0);
        assertThat(pool.totalTrustlines()).isEqualTo(5402);
        assertThat(pool.reserves()).extracting(LiquidityPool.Reserve::asset)
                .containsExactly(AssetId.NATIVE, AssetId.credit("USDC", USDC_ISSUER));
        assertThat(pool.reserves().get(1).amount().toPlainString()).isEqualTo("2000.1234567");
        final List<AssetStats> assets = source().assets("", 200, RUNNING).records();
        assertThat(assets.get(0).authorized()).isEqualTo(1200345);
        assertThat(assets.get(0).authorizedToMaintainLiabilities()).isEqualTo(17);
        assertThat(assets.get(0).amount().toPlainString()).isEqualTo("312456789.1234567");
        assertThat(assets.get(0).flags().authRevocable()).isTrue();
        assertThat(assets.get(1).amount().toPlainString()).as("from balances.authorized").isEqualTo("10.5000000");
        assertThat(assets.get(1).flags().authClawbackEnabled()).isTrue();
    }

    @Test
    void rateLimitedRequestsWaitWhatRetryAfterSays() throws Exception {
        horizon.on(PAGE1, status(429, "{\"title\":\"Rate Limit Exceeded\"}", Map.of("Retry-After", "2")),
                status(429, "", Map.of("Retry-After", "Tue, 10 Sep 2024 12:00:03 GMT")),
                status(429, "", Map.of("Retry-After", "3600")), ok("ledgers-page1.json"));
        assertThat(source().ledgers("", 2, RUNNING).records()).hasSize(2);
        assertThat(pauses).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(3),
                Duration.ofSeconds(5));
        assertThat(metrics.counter("horizon.rate_limited").getCount()).isEqualTo(3);
    }

    @Test
    void serverErrorsAreRetriedWithExponentialBackoff() throws Exception {
        horizon.on(PAGE1, status(503, "", Map.of()), status(500, "oops", Map.of()), ok("ledgers-page1.json"));
        assertThat(source().ledgers("", 2, RUNNING).records()).hasSize(2);
        assertThat(pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(metrics.counter("horizon.retries").getCount()).isEqualTo(2);
    }

    @Test
    void aClientErrorFailsAtOnceWithHorizonsProblemDetail() {
        assertThatThrownBy(() -> source().payments(99, RUNNING)).isInstanceOf(SourceException.class)
                .hasMessageContaining("answered 404: Resource Missing: no fake answer for /ledgers/99/payments");
        assertThat(pauses).isEmpty();
    }

    @Test
    void malformedBodiesAreRetriedThenReported() {
        horizon.on(PAGE1, status(200, "{\"_embedded\": {\"records\": [", Map.of()),
                status(200, "<html>proxy error</html>", Map.of()));
        assertThatThrownBy(() -> source().ledgers("", 2, RUNNING)).isInstanceOf(SourceException.class)
                .hasMessageContaining("failed after 4 attempts")
                .hasMessageContaining("not a Horizon page (no _embedded.records): <html>proxy error</html>");
        assertThat(horizon.received()).hasSize(4);
    }

    @Test
    void aRecordWithoutARequiredFieldIsRefusedNamingTheField() {
        horizon.on(PAGE1, status(200, "{\"_embedded\":{\"records\":[{\"sequence\":5,\"id\":\"x\"}]}}", Map.of()));
        assertThatThrownBy(() -> source().ledgers("", 2, RUNNING)).isInstanceOf(SourceException.class)
                .hasMessageContaining("field 'paging_token' is missing");
        horizon.on(PAGE1, status(200, FakeHorizon.resource("ledgers-page1.json")
                .replace("\"105443902087.3472865\"", "\"1.00000001\""), Map.of()));
        assertThatThrownBy(() -> source().ledgers("", 2, RUNNING))
                .hasMessageContaining("field 'total_coins': amount has more than 7 decimal places");
    }

    @Test
    void aServerThatNeverAnswersIsCutOffByTheRequestTimeout() {
        horizon.on(PAGE1, FakeHorizon.hang());
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(
                () -> source(Duration.ofMillis(300), 2).ledgers("", 2, RUNNING))
                .isInstanceOf(SourceException.class).hasMessageContaining("HttpTimeoutException"));
        assertThat(horizon.received()).hasSize(2);
    }

    @Test
    void aStopCancelsARequestToAServerThatNeverAnswersAndTheJobsStopClean() throws Exception {
        horizon.on("/ledgers?order=desc&limit=1", FakeHorizon.hang());
        final HorizonSource source = source(Duration.ofSeconds(60), 5);
        final BackgroundJobs jobs = new BackgroundJobs(Ticker.SYSTEM);
        final CompletableFuture<Throwable> ended = new CompletableFuture<>();
        jobs.register("ingest-ledgers", Duration.ofSeconds(1), Duration.ofSeconds(5), stop -> {
            try {
                source.latestLedger(stop);
            } catch (SourceException e) {
                ended.complete(e);
                throw e;
            }
        });
        jobs.start();
        Poll.until("the request reached the fake Horizon", Duration.ofSeconds(10), () -> !horizon.received().isEmpty());
        final PhaseStep.Result result = jobs.stop(Duration.ofSeconds(5));
        assertThat(result.outcome()).as(result.detail()).isEqualTo(PhaseOutcome.CLEAN);
        assertThat(result.facts()).containsEntry("jobsInterrupted", 0L);
        assertThat(ended.get(5, TimeUnit.SECONDS)).hasMessageContaining("stop requested during GET");
        assertThat(horizon.received()).hasSize(1);
    }

    @Test
    void aStopRequestEndsTheRetriesWithoutAnotherRequest() {
        horizon.on(PAGE1, status(503, "", Map.of()));
        final boolean[] stop = {false};
        final HorizonConfig config = new HorizonConfig(horizon.url(), Duration.ofSeconds(1), Duration.ofSeconds(1),
                5, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(1));
        final HorizonClient client = new HorizonClient(config, HttpClient.newHttpClient(), new Backoff(
                Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(1), () -> 1.0, Clock.systemUTC()),
                (d, token) -> stop[0] = true, metrics);
        assertThatThrownBy(() -> new HorizonSource(client).ledgers("", 2, () -> stop[0]))
                .isInstanceOf(SourceException.class).hasMessageContaining("stop requested before GET");
        assertThat(horizon.received()).hasSize(1);
    }

    @Test
    void theSystemPauseEndsEarlyWhenAStopIsRequested() {
        final long start = System.nanoTime();
        assertThatThrownBy(() -> Pause.SYSTEM.pause(Duration.ofMinutes(10), () -> System.nanoTime() - start
                > Duration.ofMillis(100).toNanos())).isInstanceOf(SourceException.class)
                .hasMessageContaining("stop requested while waiting");
    }
}
