package io.ledgerlens.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlens.testsupport.HttpProbe;
import io.ledgerlens.testsupport.Poll;
import io.ledgerlens.testsupport.PostgresProcess;
import io.ledgerlens.testsupport.RedisProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on one real PostgreSQL and one Redis: exactly one ingests; at SIGTERM the holder hands the lease
 * over and the other resumes at once; after kill -9 the other takes over within the lease's TTL; a holder paused
 * past its TTL (SIGSTOP) and resumed writes nothing. Across all of it the stored chain has no gap and no ledger
 * twice.
 */
class ReplicaHandoverIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TTL = Duration.ofSeconds(3);
    private static final Instant GENESIS = Instant.now().minus(Duration.ofSeconds(20)).truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    Path dir;
    private PostgresProcess postgres;
    private RedisProcess redis;
    private String url;
    private final List<ServiceProcess> services = new ArrayList<>();

    @BeforeEach
    void start() {
        postgres = PostgresProcess.start();
        redis = RedisProcess.start();
        url = postgres.createDatabase();
    }

    @AfterEach
    void stop() {
        services.forEach(ServiceProcess::close);
        redis.close();
        postgres.close();
    }

    private ServiceProcess instance(String id) throws IOException {
        final Path home = Files.createDirectories(dir.resolve(id));
        // The same simulated network on every instance, as every instance would follow the same Stellar network.
        final ServiceProcess service = new ServiceProcess(home, redis.url())
                .env("DATABASE_URL", url)
                .env("DATABASE_USER", PostgresProcess.USER)
                .env("INSTANCE_ID", id)
                .env("LEADERSHIP_TTL", TTL.toSeconds() + "s")
                .env("SIMULATED_SEED", "11")
                .env("SIMULATED_GENESIS_TIME", GENESIS.toString())
                .env("INGEST_START", "1")
                // Polls four times a ledger, so that a gap between commits measures the handover, not the poll.
                .env("INGEST_POLL_INTERVAL", "250ms");
        services.add(service);
        return service;
    }

    @Test
    void oneLeadsTheLeaseMovesAtSigtermAfterKillAndPastAPauseAndTheChainStaysWhole() throws Exception {
        final ServiceProcess a = instance("a");
        a.startAndAwaitReady();
        Poll.until("a leads and ingests", Duration.ofSeconds(60), () -> leader(a) && storedLedgers() > 3);
        final ServiceProcess b = instance("b");
        b.startAndAwaitReady();
        assertThat(leader(b)).as("b follows while a leads").isFalse();
        final long beforeHandover = storedLedgers();
        Poll.until("ingestion goes on under a", Duration.ofSeconds(30), () -> storedLedgers() > beforeHandover + 2);

        // SIGTERM: a finishes its unit, releases the lease in its background phase, b resumes at once.
        a.jvm().signal("TERM");
        assertThat(a.jvm().waitForExit(a.totalBudget().plusSeconds(10))).isZero();
        Poll.until("b leads", Duration.ofSeconds(10), () -> leader(b));
        final long afterHandover = storedLedgers();
        Poll.until("b ingests", Duration.ofSeconds(30), () -> storedLedgers() > afterHandover + 3);
        final Instant released = logInstant(a, "lease singleton released");
        final Instant taken = logInstant(b, "lease singleton taken by b");
        assertThat(Duration.between(released, taken)).as("handover after a release")
                .isLessThan(Duration.ofSeconds(1));
        assertThat(largestCommitGapAround(released)).as("largest gap between ledger commits around the handover; "
                        + "a: %s; b: %s; commits: %s", timeline(a), timeline(b), commitsAround(released))
                .isLessThanOrEqualTo(Duration.ofMillis(1500));

        // kill -9 of the holder: a (started again, following) takes over when the TTL has run out.
        a.startAndAwaitReady();
        assertThat(leader(a)).isFalse();
        b.jvm().signal("KILL");
        final long killedAt = System.nanoTime();
        assertThat(b.jvm().waitForExit(Duration.ofSeconds(20))).isEqualTo(137);
        Poll.until("a takes over after the TTL", TTL.plusSeconds(10), () -> leader(a));
        assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).as("takeover after kill -9")
                .isLessThan(TTL.plusSeconds(3));
        final long afterKill = storedLedgers();
        Poll.until("a ingests", Duration.ofSeconds(30), () -> storedLedgers() > afterKill + 3);

        // SIGSTOP past the TTL: c takes over; a, resumed, has lost the lease and writes nothing.
        final ServiceProcess c = instance("c");
        c.startAndAwaitReady();
        a.jvm().signal("STOP");
        try {
            Poll.until("c takes over from the paused a", TTL.plusSeconds(15), () -> leader(c));
            final long underC = storedLedgers();
            Poll.until("c ingests", Duration.ofSeconds(30), () -> storedLedgers() > underC + 2);
        } finally {
            a.jvm().signal("CONT");
        }
        Poll.until("a knows it lost the lease", Duration.ofSeconds(15), () -> !leader(a));
        final long afterResume = storedLedgers();
        Poll.until("c goes on ingesting", Duration.ofSeconds(30), () -> storedLedgers() > afterResume + 3);
        assertThat(a.log()).contains("lease singleton lost by a");

        assertChainWhole();
    }

    private static List<String> timeline(ServiceProcess service) throws IOException {
        return service.log().lines().filter(l -> l.contains("lease") || l.contains("phase=") || l.contains("shutdown"))
                .map(l -> l.length() > 160 ? l.substring(0, 160) : l).toList();
    }

    private List<String> commitsAround(Instant at) {
        return query("SELECT sequence, ingested_at FROM ledgers ORDER BY sequence",
                rs -> rs.getLong(1) + "@" + rs.getString(2)).stream()
                .filter(c -> {
                    final Instant t = Instant.parse(c.substring(c.indexOf('@') + 1));
                    return t.isAfter(at.minusSeconds(4)) && t.isBefore(at.plusSeconds(4));
                }).toList();
    }

    private boolean leader(ServiceProcess service) {
        try {
            final var response = HttpProbe.get(service.admin("/metrics"), Duration.ofSeconds(5));
            final JsonNode gauge = JSON.readTree(response.body()).path("gauges").path("leadership.leader");
            return gauge.path("value").asInt() == 1;
        } catch (Exception | AssertionError e) {
            return false;
        }
    }

    private long storedLedgers() {
        return query("SELECT COUNT(*) FROM ledgers", rs -> rs.getLong(1)).get(0);
    }

    /** Every ledger from the first stored to the last exactly once, and one ledger.closed event for each. */
    private void assertChainWhole() {
        final List<Long> sequences = query("SELECT sequence FROM ledgers ORDER BY sequence", rs -> rs.getLong(1));
        assertThat(sequences).isNotEmpty();
        final long first = sequences.get(0);
        for (int i = 0; i < sequences.size(); i++) {
            assertThat(sequences.get(i)).as("ledger at position %d", i).isEqualTo(first + i);
        }
        final List<String> subjects = query("SELECT subject FROM events WHERE type = 'ledger.closed' "
                + "ORDER BY sequence", rs -> rs.getString(1));
        assertThat(subjects).hasSize(sequences.size()).doesNotHaveDuplicates();
        final List<Long> eventSequences = query("SELECT sequence FROM events ORDER BY sequence", rs -> rs.getLong(1));
        for (int i = 1; i < eventSequences.size(); i++) {
            assertThat(eventSequences.get(i)).as("event sequence without a gap").isEqualTo(eventSequences.get(i - 1) + 1);
        }
    }

    private Duration largestCommitGapAround(Instant at) {
        final List<Instant> commits = query("SELECT ingested_at FROM ledgers ORDER BY sequence",
                rs -> Instant.parse(rs.getString(1)));
        Duration largest = Duration.ZERO;
        for (int i = 1; i < commits.size(); i++) {
            final Instant previous = commits.get(i - 1);
            if (previous.isAfter(at.minusSeconds(5)) && previous.isBefore(at.plusSeconds(5))) {
                final Duration gap = Duration.between(previous, commits.get(i));
                largest = gap.compareTo(largest) > 0 ? gap : largest;
            }
        }
        return largest;
    }

    /** The instant of the first log line containing {@code text} (Dropwizard's ISO-8601 UTC timestamps). */
    private static Instant logInstant(ServiceProcess service, String text) throws IOException {
        for (String line : service.log().split("\n")) {
            if (line.contains(text)) {
                final int open = line.indexOf('[');
                final String stamp = line.substring(open + 1, line.indexOf(']', open));
                return Instant.parse(stamp.replace(' ', 'T').replace(',', '.') + "Z");
            }
        }
        throw new AssertionError("no log line contains '" + text + "'");
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Row<T> row) {
        try (Connection c = DriverManager.getConnection(url + "?connectTimeout=5", PostgresProcess.USER, "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            final List<T> values = new ArrayList<>();
            while (rs.next()) {
                values.add(row.read(rs));
            }
            return values;
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }
}
