package io.ledgerlens.e2e;

import io.ledgerlens.ingest.ChainAudit;
import io.ledgerlens.ingest.simulated.SimulatedConfig;
import io.ledgerlens.ingest.simulated.SimulatedNetwork;
import io.ledgerlens.testsupport.ChildJvm;
import io.ledgerlens.testsupport.Poll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGKILL during ingestion, again and again: the service ingests a simulated network that is far ahead of it,
 * is killed at a random point of its progress, restarted, killed again; at the end every ledger and payment the
 * network produced up to the last stored ledger is stored exactly once.
 */
class IngestionCrashIT extends ChildServiceTest {
    private static final int KILLS = 10;
    private static final Duration PACE = Duration.ofMillis(20);

    @Test
    void killMinusNineAtRandomMomentsLosesAndDuplicatesNothing() throws Exception {
        // A backlog of ~2,000 ledgers that keeps growing at 50 per second: ingestion is busy for the whole test.
        final Instant genesis = Instant.now().minus(Duration.ofSeconds(40)).truncatedTo(ChronoUnit.SECONDS);
        final SimulatedNetwork network = new SimulatedNetwork(new SimulatedConfig(7, PACE, genesis, 1, 20, 12, 16));
        service.env("SIMULATED_SEED", "7")
                .env("SIMULATED_PACE", PACE.toMillis() + "ms")
                .env("SIMULATED_GENESIS_TIME", genesis.toString())
                .env("INGEST_START", "1");
        final ChainAudit audit = new ChainAudit(dir.resolve("ledgerlens.db").toString(), network);
        final Random random = new Random();
        final List<String> killedAt = new ArrayList<>();

        for (int i = 0; i < KILLS; i++) {
            final ChildJvm jvm = service.start();
            final long before = audit.storedLedgers();
            // Kill after a random amount of progress; every third time as soon as the first batch lands, which is
            // while the first start-up transactions and the corridor sync are still in flight.
            final long target = before + (i % 3 == 0 ? 1 : 10 + random.nextInt(150));
            Poll.until("ingestion past " + target + " ledgers", Duration.ofSeconds(60),
                    () -> audit.storedLedgers() >= target);
            jvm.signal("KILL");
            assertThat(jvm.waitForExit(Duration.ofSeconds(20))).isEqualTo(137);
            killedAt.add(before + "->" + audit.storedLedgers());
        }

        final ChildJvm last = service.startAndAwaitReady();
        final long resumedFrom = audit.storedLedgers();
        Poll.until("ingestion resumes after the last kill", Duration.ofSeconds(60),
                () -> audit.storedLedgers() > resumedFrom + 20);
        last.signal("TERM");
        assertThat(last.waitForExit(service.totalBudget().plusSeconds(10))).isZero();

        final long highest = audit.assertComplete(1);
        assertThat(highest).as("kills at (stored before -> after): %s", killedAt).isGreaterThan(resumedFrom);

        // The next start finds the ten killed runs and the clean one in the persisted reports.
        service.startAndAwaitReady();
        final var reports = service.reports(KILLS + 1);
        assertThat(reports.get(0).get("outcome").asText()).isEqualTo("clean");
        assertThat(reports.get(0).get("unclean").asBoolean()).isFalse();
        for (int i = 1; i <= KILLS; i++) {
            assertThat(reports.get(i).get("unclean").asBoolean()).as("report %d: %s", i, reports.get(i)).isTrue();
        }
    }
}
