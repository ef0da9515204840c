package io.ledgerlens.it;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.ledgerlens.LedgerLensConfiguration;
import io.ledgerlens.cache.CacheKind;
import io.ledgerlens.db.Database;
import io.ledgerlens.ingest.Amounts;
import io.ledgerlens.ingest.IngestConfig;
import io.ledgerlens.ingest.LedgerIngestion;
import io.ledgerlens.ingest.Payment;
import io.ledgerlens.ingest.simulated.SimulatedConfig;
import io.ledgerlens.ingest.simulated.SimulatedNetwork;
import io.ledgerlens.ingest.simulated.SimulatedSource;
import io.ledgerlens.lifecycle.JobProgress;
import io.ledgerlens.testsupport.HttpProbe;
import io.ledgerlens.testsupport.Poll;
import io.ledgerlens.testsupport.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST API over the real application: real Jetty, a real SQLite file holding 30 simulated ledgers (ingested by
 * the real ingestion code before the requests), the app's own sync jobs, a real redis-server.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ApiTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = Jackson.newObjectMapper();
    private static final Instant GENESIS = Instant.parse("2026-01-01T00:00:00Z");
    private static final SimulatedNetwork NETWORK = new SimulatedNetwork(new SimulatedConfig(5, Duration.ofSeconds(1),
            GENESIS, 1, 20, 12, 16));
    // The app's own source has its genesis in 2100: nothing closes, so the 30 ledgers seeded here stay the data set.
    private static final InProcessApp RUNNING = InProcessApp.withRedis(
            ConfigOverride.config("source.simulated.seed", "5"),
            ConfigOverride.config("source.simulated.genesisTime", "2100-01-01T00:00:00Z"),
            ConfigOverride.config("sync.corridors.interval", "50ms"),
            // The seeded ledgers closed in January 2026: retention would delete their roll-ups mid-test.
            ConfigOverride.config("retention.enabled", "false"),
            ConfigOverride.config("cache.ledgersTtl", "1s"),
            // These tests are about Redis (hits, outages): the in-process copies in front of it, tested in
            // ReadCacheTest, would answer before Redis is asked.
            ConfigOverride.config("cache.localMaxSize", "0B"),
            ConfigOverride.config("redis.socketTimeout", "200ms"),
            ConfigOverride.config("redis.connectTimeout", "200ms"));
    private static final DropwizardAppExtension<LedgerLensConfiguration> APP = RUNNING.extension;
    private static final RedisProcess REDIS = RUNNING.redis;

    @BeforeAll
    static void seed() throws Exception {
        final Database db = RUNNING.application().wiring().database();
        final Clock clock = Clock.fixed(GENESIS.plusSeconds(29), ZoneOffset.UTC);
        new LedgerIngestion(new SimulatedSource(NETWORK, clock), db, JSON.convertValue(Map.of("start", "1"),
                IngestConfig.class), new JobProgress("seed", clock, new MetricRegistry()), () -> { }, JSON, clock)
                .run(() -> false);
        Poll.until("corridor sync caught up with the seeded ledgers", T, () -> db.jdbi().withHandle(h -> h
                .createQuery("SELECT position FROM cursors WHERE name = 'sync.corridors'").mapTo(String.class)
                .findOne()).map("30"::equals).orElse(false));
        Poll.until("pool and asset passes done", T, () -> db.jdbi().withHandle(h -> h.createQuery(
                "SELECT (SELECT COUNT(*) FROM liquidity_pools) + (SELECT COUNT(*) FROM assets)").mapTo(Long.class)
                .one()) == 28);
    }

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    private static HttpResponse<String> get(String path) {
        return HttpProbe.get(RUNNING.app(path), T);
    }

    private static JsonNode ok(String path) throws Exception {
        final HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static long counter(String name) {
        return RUNNING.application().wiring() == null ? 0
                : APP.getEnvironment().metrics().counter(name).getCount();
    }

    @Test
    void ledgersByLatestSequenceAndPagesWithoutGapOrOverlap() throws Exception {
        assertThat(ok("/api/ledgers/latest").get("sequence").asLong()).isEqualTo(30);
        final JsonNode seven = ok("/api/ledgers/7");
        assertThat(seven.get("hash").asText()).isEqualTo(NETWORK.hash(7));
        assertThat(seven.get("total_coins").asText()).isEqualTo("105443902087.3472865");
        assertThat(seven.get("payment_count").asInt()).isEqualTo(NETWORK.payments(7).size());

        final List<Long> seen = new ArrayList<>();
        String next = "";
        int pages = 0;
        while (next != null) {
            final JsonNode page = ok("/api/ledgers?limit=8&cursor=" + next);
            page.get("records").forEach(r -> seen.add(r.get("sequence").asLong()));
            next = page.get("next").isNull() ? null : page.get("next").asText();
            pages++;
        }
        assertThat(pages).isEqualTo(4);
        assertThat(seen).hasSize(30).isSortedAccordingTo((a, b) -> Long.compare(b, a)).startsWith(30L).endsWith(1L);
        final JsonNode asc = ok("/api/ledgers?order=asc&limit=3&cursor=10");
        assertThat(asc.get("records").findValuesAsText("sequence")).containsExactly("11", "12", "13");
    }

    @Test
    void paymentsOfALedgerAreExactAndPaged() throws Exception {
        long seq = 1;
        while (NETWORK.payments(seq).size() < 3) {
            seq++;
        }
        final List<Payment> expected = NETWORK.payments(seq);
        final JsonNode first = ok("/api/ledgers/" + seq + "/payments?limit=2");
        assertThat(first.get("records")).hasSize(2);
        final Payment p = expected.get(0);
        final JsonNode r = first.get("records").get(0);
        assertThat(r.get("id").asText()).isEqualTo(p.id());
        assertThat(r.get("amount").asText()).isEqualTo(Amounts.format(p.amount()));
        assertThat(r.get("source_amount").asText()).isEqualTo(Amounts.format(p.sourceAmount()));
        assertThat(r.get("transaction_successful").asBoolean()).isEqualTo(p.transactionSuccessful());
        final JsonNode rest = ok("/api/ledgers/" + seq + "/payments?limit=200&cursor=" + first.get("next").asText());
        assertThat(rest.get("records")).hasSize(expected.size() - 2);
        assertThat(rest.get("next").isNull()).isTrue();
    }

    @Test
    void everyPaymentIsReachableOnePerPage() throws Exception {
        long seq = 1;
        while (NETWORK.payments(seq).size() < 3) {
            seq++;
        }
        final List<String> seen = new ArrayList<>();
        String cursor = "";
        for (int page = 0; page <= NETWORK.payments(seq).size(); page++) {
            final JsonNode body = ok("/api/ledgers/" + seq + "/payments?limit=1&cursor=" + cursor);
            body.get("records").forEach(r -> seen.add(r.get("id").asText()));
            if (body.get("next").isNull()) {
                break;
            }
            cursor = body.get("next").asText();
        }
        assertThat(seen).containsExactlyElementsOf(NETWORK.payments(seq).stream().map(Payment::id).toList());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/api/ledgers/abc|400|sequence must be a positive integer ledger sequence, got 'abc'",
        "/api/ledgers/0|400|got '0'",
        "/api/ledgers/-1|400|got '-1'",
        "/api/ledgers/99999999999999999999|400|got '99999999999999999999'",
        "/api/ledgers/31|404|ledger 31 is not stored",
        "/api/ledgers/31/payments|404|ledger 31 is not stored",
        "/api/ledgers?limit=0|400|limit must be an integer from 1 to 200, got '0'",
        "/api/ledgers?limit=201|400|limit must be an integer from 1 to 200, got '201'",
        "/api/ledgers?order=sideways|400|order must be 'asc' or 'desc', got 'sideways'",
        "/api/ledgers?cursor=x1|400|cursor must be a positive integer",
        "/api/ledgers/1/payments?cursor=-1|400|cursor must be an operation index from 0 to 1073741823, got '-1'",
        "/api/corridors/native|400|corridor key must be 'SOURCE~DESTINATION'",
        "/api/corridors/native~USDC:GBAD|400|asset issuer must be a G... account id",
        "/api/corridors/native~native?hours=721|400|hours must be an integer from 1 to 720, got '721'",
        "/api/liquidity-pools/xyz|400|liquidity pool id must be 64 lowercase hex characters, got 'xyz'",
        "/api/liquidity-pools/0000000000000000000000000000000000000000000000000000000000000000|404|is not stored",
        "/api/assets/TOOLONGCODE123/GA5ZSEJYB37JRC5AVCIA5MOP4RHTM335X2KGX3IHOJAPP5RE34K4KZVN|400|1 to 12 letters",
        "/api/assets/USDC/GA5ZSEJYB37JRC5AVCIA5MOP4RHTM335X2KGX3IHOJAPP5RE34K4KZVN|404|asset USDC:GA5Z",
        "/api/nowhere|404|HTTP 404 Not Found"})
    void badInputGetsAJsonErrorNamingTheProblem(String path, int status, String message) throws Exception {
        final HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        final JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("code").asInt()).isEqualTo(status);
        assertThat(body.get("message").asText()).contains(message);
    }

    @Test
    void corridorsWithColonsAndTildesInTheirKeyAndHourlyRollups() throws Exception {
        final JsonNode list = ok("/api/corridors?limit=200");
        assertThat(list.get("records").size()).isGreaterThan(1);
        final String key = list.get("records").get(0).get("corridor").asText();
        assertThat(key).contains("~");
        long count = 0;
        for (long seq = 1; seq <= 30; seq++) {
            count += NETWORK.payments(seq).stream().filter(p -> p.corridor().equals(key)).count();
        }
        final JsonNode one = ok("/api/corridors/" + key);
        assertThat(one.get("payment_count").asLong()).isEqualTo(count);
        assertThat(one.get("hours")).isNotEmpty();
        final JsonNode encoded = ok("/api/corridors/" + URLEncoder.encode(key, StandardCharsets.UTF_8));
        assertThat(encoded.get("corridor").asText()).isEqualTo(key);
    }

    @Test
    void poolsAndAssetsWithTheirHistory() throws Exception {
        final JsonNode pools = ok("/api/liquidity-pools?limit=5");
        assertThat(pools.get("records")).hasSize(5);
        final JsonNode rest = ok("/api/liquidity-pools?limit=200&cursor=" + pools.get("next").asText());
        assertThat(rest.get("records")).hasSize(7);
        final String id = pools.get("records").get(0).get("id").asText();
        final JsonNode pool = ok("/api/liquidity-pools/" + id);
        assertThat(pool.get("reserves")).hasSize(2);
        assertThat(pool.get("snapshots")).isNotEmpty();
        final var asset = NETWORK.assets().get(0);
        final JsonNode stored = ok("/api/assets/" + asset.code() + "/" + asset.issuer());
        assertThat(stored.get("asset").asText()).isEqualTo(asset.canonical());
        assertThat(stored.get("history")).isNotEmpty();
    }

    @Test
    void aCachedBodyIsServedUntilItsKindIsInvalidated() throws Exception {
        final Database db = RUNNING.application().wiring().database();
        final String path = "/api/corridors?limit=1";
        final String before = get(path).body();
        final long hits = counter("cache.corridors.hits");
        assertThat(get(path).body()).isEqualTo(before);
        assertThat(counter("cache.corridors.hits")).isEqualTo(hits + 1);

        db.jdbi().useHandle(h -> h.execute("UPDATE corridors SET payment_count = payment_count + 1000000"));
        assertThat(get(path).body()).as("served from the cache").isEqualTo(before);
        RUNNING.application().readCache().changed(CacheKind.CORRIDORS);
        assertThat(get(path).body()).as("invalidated").isNotEqualTo(before).contains("\"payment_count\":100");
        db.jdbi().useHandle(h -> h.execute("UPDATE corridors SET payment_count = payment_count - 1000000"));
        RUNNING.application().readCache().changed(CacheKind.CORRIDORS);
    }

    @Test
    void aMutableKindExpiresAfterItsTtlEvenWithoutInvalidation() throws Exception {
        final Database db = RUNNING.application().wiring().database();
        final String path = "/api/ledgers?limit=1&order=asc";
        final String before = get(path).body();
        db.jdbi().useHandle(h -> h.execute("UPDATE ledgers SET fee_pool = '1.0000000' WHERE sequence = 1"));
        try {
            Poll.until("the 1s TTL of the ledgers kind expires the cached page", T,
                    () -> get(path).body().contains("\"fee_pool\":\"1.0000000\""));
        } finally {
            db.jdbi().useHandle(h -> h.execute("UPDATE ledgers SET fee_pool = '100.0000100' WHERE sequence = 1"));
        }
        assertThat(before).doesNotContain("\"fee_pool\":\"1.0000000\"");
    }

    @Test
    void redisDownOrHungNeverReachesTheClient() throws Exception {
        final String expected = ok("/api/ledgers/12").toString();
        REDIS.pause();
        try {
            for (int i = 0; i < 5; i++) {
                final long start = System.nanoTime();
                assertThat(ok("/api/ledgers/12").toString()).isEqualTo(expected);
                assertThat(ok("/api/corridors?limit=3").get("records")).hasSize(3);
                // A behaviour bound, not a benchmark: the 200 ms socket timeout is paid at most once per second.
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            }
        } finally {
            REDIS.resume();
        }
        REDIS.kill();
        try {
            assertThat(ok("/api/ledgers/12").toString()).isEqualTo(expected);
            assertThat(ok("/api/ledgers/latest").get("sequence").asLong()).isEqualTo(30);
        } finally {
            REDIS.restart();
        }
        Poll.until("cache used again once redis is back", T, () -> {
            final long hits = counter("cache.ledger.hits");
            get("/api/ledgers/12");
            return counter("cache.ledger.hits") > hits;
        });
    }

    @Test
    void statusShowsEveryJob() throws Exception {
        final JsonNode status = ok("/api/status");
        assertThat(status.get("source").asText()).isEqualTo("simulated");
        assertThat(status.get("jobs").findValuesAsText("name")).containsExactly("ingest-ledgers", "sync-corridors",
                "sync-pools", "sync-trustlines");
        assertThat(status.get("last_event_sequence").asLong()).isGreaterThanOrEqualTo(30);
    }
}
