package io.ledgerlens.ingest;

import io.ledgerlens.events.EventType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlens.db.Cursors;
import io.ledgerlens.events.EventLog;
import io.ledgerlens.ingest.LedgerWrites;
import io.ledgerlens.lifecycle.JobProgress;
import io.ledgerlens.lifecycle.JobUnit;
import io.ledgerlens.db.Database;
import io.ledgerlens.db.Dialect;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Follows ledgers from the stored cursor. A batch is fetched whole (ledgers, then each one's payments) before
 * anything is written, then stored in one transaction with its events and the new cursor: a stop or a kill at
 * any moment leaves either the whole batch or none of it, and the next start resumes right after what is stored.
 * One run keeps taking batches while the source is ahead and ends when it has caught up or a stop is requested.
 */
public final class LedgerIngestion implements JobUnit {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerIngestion.class);
    public static final String CURSOR = "ingest.ledgers";

    private final StellarSource source;
    private final Database database;
    private final Jdbi jdbi;
    private final IngestConfig config;
    private final JobProgress progress;
    private final Runnable afterCommit;
    private final ObjectMapper json;
    private final Clock clock;
    private long latestSeen = -1;

    public LedgerIngestion(StellarSource source, Database database, IngestConfig config, JobProgress progress,
                           Runnable afterCommit, ObjectMapper json, Clock clock) {
        this.source = source;
        this.database = database;
        this.jdbi = database.jdbi();
        this.config = config;
        this.progress = progress;
        this.afterCommit = afterCommit;
        this.json = json;
        this.clock = clock;
    }

    /** Shows the stored head as the job's position from the start, before the source has been asked anything. */
    public void loadPosition() {
        jdbi.withHandle(LedgerWrites::head).ifPresent(h -> progress.resumedAt(Long.toString(h.sequence())));
    }

    @Override
    public void run(StopToken stop) throws Exception {
        progress.track(() -> {
            latestSeen = source.latestLedger(stop);
            while (!stop.stopRequested() && ingestBatch(stop)) {
                // the source is ahead: take the next batch at once
            }
        });
    }

    /**
     * Runs the fetch and the write path of a batch once, on an instance that does not lead, and rolls the write back,
     * so that the first batch after a takeover does not run on cold code. In a three-instance roll on a loaded 2-core
     * machine the new leader's first transaction took 0.7 to 3.5 s cold against 10 to 100 ms warm, which alone paused
     * ingestion past the 1.5 s a handover may take. Nothing is kept, and the leader never waits for it: the copy of
     * the stored head goes in under a negative sequence and other keys (see {@link WarmUpCopies}), neither the event log's
     * lock nor the cursor row is touched, and the transaction always rolls back. Only on a store that several
     * instances share: alone on SQLite an instance never takes over from another, and the write would hold the file's
     * write lock.
     */
    public void warmUp(StopToken stop) throws SourceException, InterruptedException {
        if (database.dialect() != Dialect.POSTGRES) {
            return;
        }
        final Optional<LedgerWrites.Head> head = jdbi.withHandle(LedgerWrites::head);
        if (head.isEmpty() || head.get().sequence() < 2) {
            return;
        }
        final Page<Ledger> page = source.ledgers(Ledger.pagingTokenOf(head.get().sequence() - 1), 1, stop);
        if (page.isEmpty()) {
            return;
        }
        final Ledger stored = page.records().get(0);
        final Ledger copy = WarmUpCopies.ledger(stored);
        final List<Payment> payments = WarmUpCopies.payments(source.payments(stored.sequence(), stop), copy.sequence());
        final long started = System.nanoTime();
        try {
            jdbi.useTransaction(h -> {
                LedgerWrites.insertLedger(h, copy, payments.size(), clock.instant());
                LedgerWrites.insertPayments(h, payments);
                throw new WarmUpCopies.RolledBack();
            });
        } catch (WarmUpCopies.RolledBack expected) {
            LOG.info("standby: the ingestion write path ran once and was rolled back ({} ms, {} payment(s))",
                    (System.nanoTime() - started) / 1_000_000, payments.size());
        }
    }

    /** @return true if a batch was stored and the source may have more */
    boolean ingestBatch(StopToken stop) throws SourceException, InterruptedException {
        final Optional<LedgerWrites.Head> head = jdbi.withHandle(LedgerWrites::head);
        final String cursor = jdbi.withHandle(h -> Cursors.get(h, CURSOR)).orElseGet(() -> initialCursor(head));
        final Page<Ledger> page = source.ledgers(cursor, config.batchSize(), stop);
        if (page.isEmpty()) {
            progress.caughtUp(lag(head.map(LedgerWrites.Head::sequence).orElse(-1L)));
            return false;
        }
        final Map<Ledger, List<Payment>> batch = new LinkedHashMap<>();
        for (Ledger ledger : page.records()) {
            if (stop.stopRequested()) {
                // Nothing is written yet: dropping the batch leaves the stored state exactly as it was.
                LOG.info("stop requested while fetching ledgers {}..{}; batch dropped, nothing written",
                        page.records().get(0).sequence(), ledger.sequence());
                return false;
            }
            batch.put(ledger, source.payments(ledger.sequence(), stop));
        }
        checkContinuity(head, page.records());
        final Instant now = clock.instant();
        final List<EventLog.NewEvent> events = new ArrayList<>(batch.size());
        for (Map.Entry<Ledger, List<Payment>> entry : batch.entrySet()) {
            events.add(new EventLog.NewEvent(EventType.LEDGER_CLOSED.label(),
                    Long.toString(entry.getKey().sequence()), eventPayload(entry.getKey(), entry.getValue().size())));
        }
        database.useTransaction(h -> {
            for (Map.Entry<Ledger, List<Payment>> entry : batch.entrySet()) {
                LedgerWrites.insertLedger(h, entry.getKey(), entry.getValue().size(), now);
                LedgerWrites.insertPayments(h, entry.getValue());
            }
            Cursors.put(h, CURSOR, page.nextCursor(), now);
            // Last: the event log's lock is held from the first append to the commit (EventLog.appendAll).
            EventLog.appendAll(h, events, now);
        });
        final long last = page.records().get(page.records().size() - 1).sequence();
        afterCommit.run();
        progress.succeeded(Long.toString(last), lag(last));
        return page.records().size() == config.batchSize();
    }

    private long lag(long stored) {
        if (stored < 0 || latestSeen < 0) {
            return -1;
        }
        return Math.max(0, latestSeen - stored);
    }

    private String initialCursor(Optional<LedgerWrites.Head> head) {
        if (head.isPresent()) {
            return Ledger.pagingTokenOf(head.get().sequence());
        }
        final long start = config.startSequence().orElse(latestSeen);
        LOG.info("nothing ingested yet: starting at ledger {} ({}) from {}", start, config.start(), source.name());
        // Nothing has closed yet (a simulated network whose genesis is ahead): start from the first ledger.
        return start <= 1 ? "" : Ledger.cursorBefore(start);
    }

    /** A gap or a fork means the cursor and the source disagree: stop rather than store a broken chain. */
    private static void checkContinuity(Optional<LedgerWrites.Head> head, List<Ledger> ledgers) {
        long expected = head.map(h -> h.sequence() + 1).orElse(ledgers.get(0).sequence());
        String prevHash = head.map(LedgerWrites.Head::hash).orElse(null);
        // The ledger before the first of the page is the stored head; the others come from the page itself.
        String previousIs = "the stored ledger";
        for (Ledger ledger : ledgers) {
            if (ledger.sequence() != expected) {
                throw new IllegalStateException("source returned ledger " + ledger.sequence() + " where "
                        + expected + " was expected: refusing to store a gap");
            }
            if (prevHash != null && ledger.prevHash() != null && !prevHash.equals(ledger.prevHash())) {
                throw new IllegalStateException("ledger " + ledger.sequence() + " has prev_hash "
                        + ledger.prevHash() + " but " + previousIs + " " + (expected - 1) + " has hash " + prevHash
                        + ": refusing to store a broken chain");
            }
            expected++;
            prevHash = ledger.hash();
            previousIs = "the same page's ledger";
        }
    }

    private String eventPayload(Ledger ledger, int payments) {
        final Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("sequence", ledger.sequence());
        payload.put("hash", ledger.hash());
        payload.put("closed_at", ledger.closedAt().toString());
        payload.put("successful_transaction_count", ledger.successfulTransactionCount());
        payload.put("failed_transaction_count", ledger.failedTransactionCount());
        payload.put("operation_count", ledger.operationCount());
        payload.put("payment_count", payments);
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
