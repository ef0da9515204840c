package io.ledgerlens.ingest.simulated;

import io.ledgerlens.ingest.Ledger;
import io.ledgerlens.ingest.Page;
import io.ledgerlens.ingest.Payment;
import io.ledgerlens.ingest.SourceException;
import io.ledgerlens.lifecycle.JobUnit.StopToken;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatedSourceTest {
    private static final StopToken RUNNING = () -> false;
    private static final Instant GENESIS = Instant.parse("2026-01-01T00:00:00Z");

    private static SimulatedSource at(Instant now) {
        return new SimulatedSource(new SimulatedNetwork(new SimulatedConfig(42, Duration.ofSeconds(5), GENESIS, 100,
                20, 12, 16)), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aLedgerClosesExactlyWhenItsPaceHasElapsed() {
        assertThat(at(GENESIS.minusMillis(1)).latestLedger(RUNNING)).isEqualTo(99);
        assertThat(at(GENESIS).latestLedger(RUNNING)).isEqualTo(100);
        assertThat(at(GENESIS.plusMillis(4999)).latestLedger(RUNNING)).isEqualTo(100);
        assertThat(at(GENESIS.plusSeconds(5)).latestLedger(RUNNING)).isEqualTo(101);
    }

    @Test
    void sameSeedSameNetworkAcrossInstances() throws Exception {
        final Instant now = GENESIS.plusSeconds(500);
        assertThat(at(now).payments(150, RUNNING)).isEqualTo(at(now).payments(150, RUNNING));
        assertThat(at(now).ledgers("", 5, RUNNING)).isEqualTo(at(now).ledgers("", 5, RUNNING));
        final SimulatedSource other = new SimulatedSource(new SimulatedNetwork(new SimulatedConfig(43,
                Duration.ofSeconds(5), GENESIS, 100, 20, 12, 16)), Clock.fixed(now, ZoneOffset.UTC));
        assertThat(other.ledgers("", 1, RUNNING).records().get(0).hash())
                .isNotEqualTo(at(now).ledgers("", 1, RUNNING).records().get(0).hash());
    }

    @Test
    void ledgersPageFromTheCursorUpToTheHeadAndChainByHash() throws Exception {
        final SimulatedSource source = at(GENESIS.plusSeconds(5 * 12));
        final Page<Ledger> first = source.ledgers("", 10, RUNNING);
        assertThat(first.records()).extracting(Ledger::sequence).containsExactly(100L, 101L, 102L, 103L, 104L, 105L,
                106L, 107L, 108L, 109L);
        final Page<Ledger> second = source.ledgers(first.nextCursor(), 10, RUNNING);
        assertThat(second.records()).extracting(Ledger::sequence).containsExactly(110L, 111L, 112L);
        assertThat(second.records().get(0).prevHash()).isEqualTo(first.records().get(9).hash());
        assertThat(source.ledgers(second.nextCursor(), 10, RUNNING).records()).isEmpty();
        assertThat(source.ledgers(Ledger.cursorBefore(105), 2, RUNNING).records()).extracting(Ledger::sequence)
                .containsExactly(105L, 106L);
    }

    @Test
    void paymentsOfALedgerMatchItsCountsAndUseExactAmounts() throws Exception {
        final SimulatedSource source = at(GENESIS.plusSeconds(5000));
        for (long seq = 100; seq < 200; seq++) {
            final Ledger ledger = source.network().ledger(seq);
            final var payments = source.payments(seq, RUNNING);
            assertThat(payments).hasSize(ledger.operationCount());
            assertThat(payments.stream().filter(p -> !p.transactionSuccessful()).count())
                    .isEqualTo(ledger.failedTransactionCount());
            for (Payment p : payments) {
                assertThat(p.amount().scale()).isEqualTo(7);
                assertThat(p.ledgerSequence()).isEqualTo(seq);
                assertThat(Long.parseLong(p.id()) >>> 32).isEqualTo(seq);
            }
        }
    }

    @Test
    void aLedgerThatHasNotClosedHasNoPayments() {
        assertThatThrownBy(() -> at(GENESIS).payments(101, RUNNING)).isInstanceOf(SourceException.class)
                .hasMessageContaining("ledger 101 has not closed");
    }

    @Test
    void poolsAndAssetsPageInTokenOrderAndChangeWithTheLedgers() {
        final SimulatedSource early = at(GENESIS.plusSeconds(5));
        final var firstPage = early.pools("", 5, RUNNING);
        final var rest = early.pools(firstPage.nextCursor(), 50, RUNNING);
        assertThat(firstPage.records()).hasSize(5);
        assertThat(rest.records()).hasSize(7);
        assertThat(rest.records().get(0).id()).isGreaterThan(firstPage.records().get(4).id());
        final SimulatedSource later = at(GENESIS.plusSeconds(5 * SimulatedNetwork.EPOCH_LEDGERS));
        assertThat(later.pools("", 1, RUNNING).records().get(0).reserves())
                .isNotEqualTo(firstPage.records().get(0).reserves());
        final var assets = early.assets("", 100, RUNNING).records();
        assertThat(assets).hasSize(16);
        assertThat(assets).isSortedAccordingTo((a, b) -> a.pagingToken().compareTo(b.pagingToken()));
    }
}
