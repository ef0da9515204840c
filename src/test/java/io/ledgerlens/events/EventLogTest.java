package io.ledgerlens.events;

import io.ledgerlens.db.Database;
import io.ledgerlens.testsupport.Poll;
import io.ledgerlens.testsupport.TestDatabases;
import io.ledgerlens.testsupport.TestStore;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event log on both stores: append and read back in order, and concurrent writers whose events a polling reader
 * sees every one of, once, in sequence order, even while one writer keeps its transaction open.
 */
class EventLogTest {
    private static final Instant AT = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path dir;
    private Database db;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void close() throws Exception {
        threads.shutdownNow();
        if (db != null) {
            db.stop(Duration.ofSeconds(1));
        }
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void appendedEventsAreReadBackInOrderAfterASequence(TestStore store) throws Exception {
        db = TestDatabases.open(store, dir);
        assertThat(lastSequence()).isZero();
        for (int i = 1; i <= 5; i++) {
            final int n = i;
            final long seq = db.inTransaction(h -> EventLog.append(h, "ledger.closed", "L" + n, "{\"n\":" + n + "}",
                    AT));
            assertThat(seq).isEqualTo(i);
        }
        final List<StoredEvent> after2 = db.jdbi().withHandle(h -> EventLog.after(h, 2, 2));
        assertThat(after2).extracting(StoredEvent::sequence).containsExactly(3L, 4L);
        assertThat(after2.get(0)).isEqualTo(new StoredEvent(3, "ledger.closed", "L3", "{\"n\":3}", AT));
        assertThat(lastSequence()).isEqualTo(5);
    }

    @Test
    void onPostgresAWriterWaitsForAnOpenEventTransactionSoNoReaderSkipsItsEvent() throws Exception {
        db = TestDatabases.open(TestStore.POSTGRES, dir);
        final CountDownLatch firstAppended = new CountDownLatch(1);
        final CountDownLatch releaseFirst = new CountDownLatch(1);
        final Future<Long> first = threads.submit(() -> db.inTransaction(h -> {
            final long seq = EventLog.append(h, "t", "first", "{}", AT);
            firstAppended.countDown();
            assertThat(releaseFirst.await(60, TimeUnit.SECONDS)).isTrue();
            return seq;
        }));
        assertThat(firstAppended.await(30, TimeUnit.SECONDS)).isTrue();
        final Future<Long> second = threads.submit(() -> db.inTransaction(h -> EventLog.append(h, "t", "second",
                "{}", AT)));
        Poll.until("the second writer waiting for the event-log lock", Duration.ofSeconds(30), () -> db.jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                        + "AND NOT granted").mapTo(Integer.class).one()) == 1);
        assertThat(committed()).as("nothing committed yet").isEmpty();

        releaseFirst.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(committed()).extracting(StoredEvent::subject)
                .containsExactly("first", "second");
    }

    @ParameterizedTest
    @EnumSource(TestStore.class)
    void concurrentWritersNeverLetAPollingReaderSkipAnEvent(TestStore store) throws Exception {
        db = TestDatabases.open(store, dir);
        final int writers = 4;
        final int each = 25;
        final AtomicBoolean writing = new AtomicBoolean(true);
        final CompletableFuture<List<Long>> read = CompletableFuture.supplyAsync(() -> readUntil(writers * each,
                writing), threads);
        final List<Future<?>> written = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            final int writer = w;
            written.add(threads.submit(() -> {
                for (int i = 0; i < each; i++) {
                    final String subject = writer + ":" + i;
                    db.useTransaction(h -> EventLog.append(h, "t", subject, "{}", AT));
                }
                return null;
            }));
        }
        for (Future<?> f : written) {
            f.get(120, TimeUnit.SECONDS);
        }
        writing.set(false);
        assertThat(read.get(60, TimeUnit.SECONDS)).as("every event seen once, in order")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, writers * each).boxed().toList());
    }

    private long lastSequence() {
        return db.jdbi().withHandle(EventLog::lastSequence);
    }

    private List<StoredEvent> committed() {
        return db.jdbi().withHandle(h -> EventLog.after(h, 0, 10));
    }

    /** A reader as the WebSocket feed is one: after its last seen sequence, again and again. */
    private List<Long> readUntil(int expected, AtomicBoolean writing) {
        final List<Long> seen = new ArrayList<>();
        final long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        try (Handle h = db.jdbi().open()) {
            while (seen.size() < expected && System.nanoTime() < end) {
                // Read before the query: an empty answer after the writers finished means nothing more will come.
                final boolean writersDone = !writing.get();
                final long cursor = seen.isEmpty() ? 0 : seen.get(seen.size() - 1);
                final List<StoredEvent> batch = EventLog.after(h, cursor, 7);
                batch.forEach(e -> seen.add(e.sequence()));
                if (batch.isEmpty() && writersDone) {
                    // Whatever is still missing was skipped and will never come.
                    break;
                }
            }
        }
        return seen;
    }
}
