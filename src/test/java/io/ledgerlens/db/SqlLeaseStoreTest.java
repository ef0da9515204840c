package io.ledgerlens.db;

import io.ledgerlens.lifecycle.LeaseStore;
import io.ledgerlens.testsupport.Poll;
import io.ledgerlens.testsupport.TestDatabases;
import io.ledgerlens.testsupport.TestStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lease table on both stores (a real SQLite file, a real PostgreSQL): one holder at a time, a token that only
 * grows, writes fenced by it.
 */
class SqlLeaseStoreTest {
    private static final Duration LONG = Duration.ofMinutes(5);
    private static final Duration SHORT = Duration.ofMillis(300);

    @TempDir
    Path dir;
    private Database db;
    private SqlLeaseStore store;

    private void open(TestStore kind) throws Exception {
        db = TestDatabases.open(kind, dir);
        store = new SqlLeaseStore(db.jdbi(), db.dialect());
    }

    @AfterEach
    void close() throws Exception {
        if (db != null) {
            db.stop(Duration.ofSeconds(1));
        }
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void aFreeLeaseGoesToOneHolderOnly(TestStore kind) throws Exception {
        open(kind);
        assertThat(store.tryAcquire("singleton", "a", "run-a", LONG)).hasValue(1);
        assertThat(store.tryAcquire("singleton", "b", "run-b", LONG)).isEmpty();
        assertThat(store.tryAcquire("singleton", "a", "run-a", LONG)).as("held, even by the holder").isEmpty();
        final LeaseStore.State state = store.current("singleton").orElseThrow();
        assertThat(state.holder()).isEqualTo("a");
        assertThat(state.token()).isEqualTo(1);
        assertThat(state.remainingMs()).isBetween(LONG.toMillis() - 60_000, LONG.toMillis());
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void anExpiredLeaseIsTakenWithTheNextTokenAndTheFormerHolderCannotRenewIt(TestStore kind) throws Exception {
        open(kind);
        assertThat(store.tryAcquire("singleton", "a", "run-a", SHORT)).hasValue(1);
        final OptionalLong taken = Poll.untilPresent("the lease to expire", Duration.ofSeconds(10), () -> {
            final OptionalLong t = store.tryAcquire("singleton", "b", "run-b", LONG);
            return t.isPresent() ? java.util.Optional.of(t) : java.util.Optional.empty();
        });
        assertThat(taken).hasValue(2);
        assertThat(store.renew("singleton", "a", 1, LONG)).isFalse();
        assertThat(store.release("singleton", "a", 1)).isFalse();
        assertThat(store.current("singleton").orElseThrow().holder()).isEqualTo("b");
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void aReleasedLeaseIsTakenAtOnce(TestStore kind) throws Exception {
        open(kind);
        assertThat(store.tryAcquire("singleton", "a", "run-a", LONG)).hasValue(1);
        assertThat(store.renew("singleton", "a", 1, LONG)).isTrue();
        assertThat(store.release("singleton", "a", 1)).isTrue();
        assertThat(store.current("singleton").orElseThrow().holder()).isNull();
        assertThat(store.tryAcquire("singleton", "b", "run-b", LONG)).hasValue(2);
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void aLeaseWhoseRunIsRecordedAsEndedIsTakenWithoutWaitingForItsExpiry(TestStore kind) throws Exception {
        open(kind);
        assertThat(store.tryAcquire("singleton", "a", "run-a", LONG)).hasValue(1);
        db.jdbi().useHandle(h -> h.execute("INSERT INTO lifecycle_runs (run_id, pid, host, started_at) "
                + "VALUES ('run-a', 1, 'h', 'x')"));
        assertThat(store.tryAcquire("singleton", "b", "run-b", LONG)).as("run-a still running").isEmpty();
        db.jdbi().useHandle(h -> h.execute("UPDATE lifecycle_runs SET outcome = 'failed' WHERE run_id = 'run-a'"));
        assertThat(store.tryAcquire("singleton", "b", "run-b", LONG)).hasValue(2);
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void leasesOfDifferentNamesAreIndependent(TestStore kind) throws Exception {
        open(kind);
        assertThat(store.tryAcquire("one", "a", "run-a", LONG)).hasValue(1);
        assertThat(store.tryAcquire("two", "b", "run-b", LONG)).hasValue(1);
        assertThat(store.current("three")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void aFencedWriteIsRefusedOnceAnotherHolderTookTheLeaseAndWritesNothing(TestStore kind) throws Exception {
        open(kind);
        db.jdbi().useHandle(h -> h.execute("CREATE TABLE work (v INTEGER)"));
        final long tokenA = store.tryAcquire("singleton", "a", "run-a", SHORT).orElseThrow();
        final Database asA = db.fenced(WriteFence.ofLease("singleton", () -> tokenA, db.dialect()));
        asA.useTransaction(h -> h.execute("INSERT INTO work (v) VALUES (1)"));

        Poll.until("b takes the expired lease", Duration.ofSeconds(10),
                () -> store.tryAcquire("singleton", "b", "run-b", LONG).isPresent());
        assertThatThrownBy(() -> asA.useTransaction(h -> h.execute("INSERT INTO work (v) VALUES (2)")))
                .isInstanceOf(FencedOutException.class)
                .hasMessageContaining("moved past token 1");
        final int rows = db.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM work").mapTo(Integer.class).one());
        assertThat(rows).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void aWriteWithoutTheLeaseIsRefused(TestStore kind) throws Exception {
        open(kind);
        final Database follower = db.fenced(WriteFence.ofLease("singleton", () -> 0L, db.dialect()));
        assertThatThrownBy(() -> follower.useTransaction(h -> h.execute("SELECT 1")))
                .isInstanceOf(FencedOutException.class)
                .hasMessageContaining("does not hold");
    }
}
