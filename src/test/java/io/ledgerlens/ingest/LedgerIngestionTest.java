package io.ledgerlens.ingest;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.ledgerlens.db.Cursors;
import io.ledgerlens.db.Database;
import io.ledgerlens.db.Dialect;
import io.dropwizard.db.DataSourceFactory;
import io.ledgerlens.ingest.simulated.SimulatedConfig;
import io.ledgerlens.ingest.simulated.SimulatedNetwork;
import io.ledgerlens.ingest.simulated.SimulatedSource;
import io.ledgerlens.lifecycle.BackgroundJobs;
import io.ledgerlens.lifecycle.JobProgress;
import io.ledgerlens.lifecycle.JobUnit.StopToken;
import io.ledgerlens.lifecycle.PhaseOutcome;
import io.ledgerlens.lifecycle.PhaseStep;
import io.ledgerlens.lifecycle.Ticker;
import io.ledgerlens.testsupport.TestStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Ledger ingestion against each real store (a SQLite file, a PostgreSQL database) and the simulated network. */
class LedgerIngestionTest {
    static final ObjectMapper JSON = Jackson.newObjectMapper();
    static final StopToken RUNNING = () -> false;
    static final Instant GENESIS = Instant.parse("2026-01-01T00:00:00Z");
    /** 60 ledgers have closed: 1..60. */
    static final Clock NOW = Clock.fixed(GENESIS.plusSeconds(59), ZoneOffset.UTC);

    @TempDir
    Path dir;
    Database db;
    SimulatedSource simulated;
    final AtomicInteger commits = new AtomicInteger();

    DataSourceFactory store;

    /** Each test runs on both stores: a SQLite file and a PostgreSQL database. */
    void open(TestStore kind) throws Exception {
        store = kind.newFactory(dir);
        db = Database.open(store, new MetricRegistry());
    }

    @BeforeEach
    void source() {
        simulated = new SimulatedSource(new SimulatedNetwork(new SimulatedConfig(42, Duration.ofSeconds(1), GENESIS,
                1, 20, 12, 16)), NOW);
    }

    @AfterEach
    void close() throws Exception {
        if (db != null) {
            db.stop(Duration.ofSeconds(1));
        }
    }

    static IngestConfig config(String start, int batch) {
        return JSON.convertValue(Map.of("start", start, "batchSize", batch), IngestConfig.class);
    }

    LedgerIngestion ingestion(StellarSource source, String start, int batch, JobProgress progress) {
        return new LedgerIngestion(source, db, config(start, batch), progress, commits::incrementAndGet, JSON,
                NOW);
    }

    JobProgress progress() {
        return new JobProgress("ingest-ledgers", NOW, new MetricRegistry());
    }

    ChainAudit audit() {
        return new ChainAudit(store.getUrl(), Dialect.of(store.getUrl()).connectionProperties(store),
                simulated.network());
    }

    long count(String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    long stored() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM ledgers").mapTo(Long.class).one());
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void ingestsFromTheConfiguredSequenceToTheHeadInWholeBatches(TestStore kind) throws Exception {
        open(kind);
        final JobProgress progress = progress();
        ingestion(simulated, "5", 7, progress).run(RUNNING);
        assertThat(audit().assertComplete(5)).isEqualTo(60);
        assertThat(commits).as("56 ledgers in batches of 7").hasValue(8);
        assertThat(progress.snapshot().position()).isEqualTo("60");
        assertThat(progress.snapshot().lag()).isZero();
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void latestStartsAtTheHead(TestStore kind) throws Exception {
        open(kind);
        ingestion(simulated, "latest", 10, progress()).run(RUNNING);
        assertThat(audit().assertComplete(60)).isEqualTo(60);
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void aSecondInstanceResumesFromTheStoredCursorIgnoringItsStartSetting(TestStore kind) throws Exception {
        open(kind);
        ingestion(limitedTo(20), "1", 10, progress()).run(RUNNING);
        assertThat(stored()).isEqualTo(20);
        ingestion(simulated, "latest", 10, progress()).run(RUNNING);
        assertThat(audit().assertComplete(1)).isEqualTo(60);
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void aRestartShowsTheStoredHeadAsPositionBeforeTheSourceAnswers(TestStore kind) throws Exception {
        open(kind);
        final JobProgress empty = progress();
        ingestion(simulated, "1", 10, empty).loadPosition();
        assertThat(empty.snapshot().position()).isEmpty();
        ingestion(limitedTo(20), "1", 10, progress()).run(RUNNING);
        final JobProgress restarted = progress();
        ingestion(simulated, "1", 10, restarted).loadPosition();
        assertThat(restarted.snapshot().position()).isEqualTo("20");
        assertThat(restarted.snapshot().lag()).isEqualTo(-1);
        assertThat(restarted.snapshot().lastSuccess()).isNull();
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void aBrokenChainInsideOnePageNamesThePagesLedgerNotAStoredOne(TestStore kind) throws Exception {
        open(kind);
        ingestion(limitedTo(10), "1", 10, progress()).run(RUNNING);
        final StellarSource forked = new Delegating(simulated) {
            @Override
            public Page<Ledger> ledgers(String cursor, int limit, StopToken token) throws SourceException {
                final Page<Ledger> page = simulated.ledgers(cursor, limit, token);
                final List<Ledger> changed = page.records().stream().map(l -> l.sequence() != 13 ? l
                        : new Ledger(l.sequence(), l.id(), l.pagingToken(), l.hash(), "f0f0", l.successfulTransactionCount(),
                        l.failedTransactionCount(), l.operationCount(), l.txSetOperationCount(), l.closedAt(),
                        l.totalCoins(), l.feePool(), l.baseFeeInStroops(), l.baseReserveInStroops(), l.maxTxSetSize(),
                        l.protocolVersion(), l.headerXdr())).toList();
                return new Page<>(changed, page.nextCursor());
            }
        };
        assertThatThrownBy(() -> ingestion(forked, "1", 10, progress()).run(RUNNING))
                .hasMessageStartingWith("ledger 13 has prev_hash f0f0 but the same page's ledger 12 has hash ")
                .hasMessageContaining("refusing to store a broken chain");
        assertThat(stored()).isEqualTo(10);
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void aStopDuringTheFetchDropsTheBatchAndWritesNothing(TestStore kind) throws Exception {
        open(kind);
        final AtomicInteger fetched = new AtomicInteger();
        final boolean[] stop = {false};
        final StellarSource source = new Delegating(simulated) {
            @Override
            public List<Payment> payments(long sequence, StopToken token) throws SourceException {
                if (fetched.incrementAndGet() == 13) {
                    stop[0] = true;
                }
                return simulated.payments(sequence, token);
            }
        };
        ingestion(source, "1", 10, progress()).run(() -> stop[0]);
        assertThat(stored()).as("first batch stored, the second dropped whole").isEqualTo(10);
        assertThat(audit().assertComplete(1)).isEqualTo(10);
        ingestion(simulated, "1", 10, progress()).run(RUNNING);
        assertThat(audit().assertComplete(1)).isEqualTo(60);
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void aFailureInsideTheTransactionRollsTheWholeBatchBack(TestStore kind) throws Exception {
        open(kind);
        ingestion(limitedTo(10), "1", 10, progress()).run(RUNNING);
        // Ledger 15's payments carry ledger 14's ids: the plain INSERT fails on the primary key mid-batch.
        final StellarSource corrupt = new Delegating(simulated) {
            @Override
            public List<Payment> payments(long sequence, StopToken token) throws SourceException {
                return simulated.payments(sequence == 15 && !simulated.payments(14, token).isEmpty() ? 14 : sequence,
                        token);
            }
        };
        final JobProgress progress = progress();
        assertThatThrownBy(() -> ingestion(corrupt, "1", 10, progress).run(RUNNING))
                .hasMessageMatching("(?is).*unique.*");
        assertThat(stored()).isEqualTo(10);
        final Optional<String> cursor = db.jdbi().withHandle(h -> Cursors.get(h, LedgerIngestion.CURSOR));
        assertThat(cursor).hasValue(Ledger.pagingTokenOf(10));
        assertThat(progress.snapshot().failures()).isEqualTo(1);
        assertThat(audit().assertComplete(1)).isEqualTo(10);
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void aGapFromTheSourceIsRefusedAndNothingIsStored(TestStore kind) throws Exception {
        open(kind);
        ingestion(limitedTo(10), "1", 10, progress()).run(RUNNING);
        final StellarSource skipping = new Delegating(simulated) {
            @Override
            public Page<Ledger> ledgers(String cursor, int limit, StopToken token) throws SourceException {
                return simulated.ledgers(Ledger.pagingTokenOf(11), limit, token);
            }
        };
        assertThatThrownBy(() -> ingestion(skipping, "1", 10, progress()).run(RUNNING))
                .hasMessageContaining("source returned ledger 12 where 11 was expected");
        assertThat(stored()).isEqualTo(10);
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void stoppingTheJobWhileItWaitsOnTheSourceLeavesWholeBatchesOnly(TestStore kind) throws Exception {
        open(kind);
        final CountDownLatch blocked = new CountDownLatch(1);
        final StellarSource hanging = new Delegating(simulated) {
            @Override
            public List<Payment> payments(long sequence, StopToken token) throws SourceException,
                    InterruptedException {
                if (sequence == 25) {
                    blocked.countDown();
                    // A peer that never answers: only the job's interruption ends the wait.
                    new CountDownLatch(1).await();
                }
                return simulated.payments(sequence, token);
            }
        };
        final BackgroundJobs jobs = new BackgroundJobs(Ticker.SYSTEM);
        jobs.register("ingest-ledgers", Duration.ofMillis(10), Duration.ofMillis(500),
                ingestion(hanging, "1", 10, progress()));
        jobs.start();
        assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
        final PhaseStep.Result result = jobs.stop(Duration.ofSeconds(2));
        assertThat(result.outcome()).isEqualTo(PhaseOutcome.TIMED_OUT);
        assertThat(result.detail()).contains("interrupted [ingest-ledgers]");
        assertThat(audit().assertComplete(1)).isEqualTo(20);
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void theStandbyWarmUpWritesOnASharedStoreOnlyAndKeepsNothing(TestStore kind) throws Exception {
        open(kind);
        ingestion(limitedTo(20), "1", 10, progress()).run(RUNNING);
        final List<Long> asked = new ArrayList<>();
        final StellarSource recording = new Delegating(simulated) {
            @Override
            public List<Payment> payments(long sequence, StopToken token) throws SourceException,
                    InterruptedException {
                asked.add(sequence);
                return super.payments(sequence, token);
            }
        };
        final long paymentsBefore = count("SELECT COUNT(*) FROM payments");

        ingestion(recording, "1", 10, progress()).warmUp(RUNNING);

        // A write that failed (a key too long for its column, a collision) would have thrown instead of rolling back.
        assertThat(asked).as("the stored head fetched again, on PostgreSQL only")
                .isEqualTo(kind == TestStore.POSTGRES ? List.of(20L) : List.of());
        assertThat(stored()).isEqualTo(20);
        assertThat(count("SELECT COUNT(*) FROM payments")).isEqualTo(paymentsBefore);
        assertThat(count("SELECT COUNT(*) FROM ledgers WHERE sequence < 0")).isZero();
        ingestion(simulated, "1", 10, progress()).run(RUNNING);
        assertThat(audit().assertComplete(1)).isEqualTo(60);
    }

    private StellarSource limitedTo(long last) {
        return new Delegating(simulated) {
            @Override
            public Page<Ledger> ledgers(String cursor, int limit, StopToken token) throws SourceException {
                final Page<Ledger> page = simulated.ledgers(cursor, limit, token);
                final List<Ledger> kept = new ArrayList<>(page.records().stream()
                        .filter(l -> l.sequence() <= last).toList());
                return new Page<>(kept, kept.isEmpty() ? cursor : kept.get(kept.size() - 1).pagingToken());
            }
        };
    }

    /** A source that forwards to another; tests override the call they want to disturb. */
    static class Delegating implements StellarSource {
        private final StellarSource inner;

        Delegating(StellarSource inner) {
            this.inner = inner;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public long latestLedger(StopToken stop) throws SourceException, InterruptedException {
            return inner.latestLedger(stop);
        }

        @Override
        public Page<Ledger> ledgers(String cursor, int limit, StopToken stop) throws SourceException,
                InterruptedException {
            return inner.ledgers(cursor, limit, stop);
        }

        @Override
        public List<Payment> payments(long ledgerSequence, StopToken stop) throws SourceException,
                InterruptedException {
            return inner.payments(ledgerSequence, stop);
        }

        @Override
        public Page<LiquidityPool> pools(String cursor, int limit, StopToken stop) throws SourceException,
                InterruptedException {
            return inner.pools(cursor, limit, stop);
        }

        @Override
        public Page<AssetStats> assets(String cursor, int limit, StopToken stop) throws SourceException,
                InterruptedException {
            return inner.assets(cursor, limit, stop);
        }
    }
}
