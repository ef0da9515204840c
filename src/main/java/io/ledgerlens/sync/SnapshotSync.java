package io.ledgerlens.sync;

import io.ledgerlens.db.Cursors;
import io.ledgerlens.ingest.Page;
import io.ledgerlens.ingest.SourceException;
import io.ledgerlens.lifecycle.JobProgress;
import io.ledgerlens.lifecycle.JobUnit;
import org.jdbi.v3.core.Handle;
import io.ledgerlens.db.Database;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * A sync that walks a whole Horizon collection page by page (a "pass") and stores each page, its snapshots, its
 * events and the page cursor in one transaction. A stop between pages leaves a cursor the next start resumes from;
 * a page in hand is stored whole or not at all. One run is one pass; the job's interval spaces the passes.
 */
public final class SnapshotSync<T> implements JobUnit {
    @FunctionalInterface
    public interface Fetch<T> {
        Page<T> fetch(String cursor, int limit, StopToken stop) throws SourceException, InterruptedException;
    }

    @FunctionalInterface
    public interface Store<T> {
        /**
         * Stores one page inside the caller's transaction, its events after its rows ({@link
         * io.ledgerlens.events.EventLog#appendAll}); @return how many records changed
         */
        int store(Handle handle, List<T> records, Instant at) throws Exception;
    }

    private final String cursorName;
    private final Fetch<T> fetch;
    private final Store<T> store;
    private final int pageSize;
    private final Database database;
    private final Jdbi jdbi;
    private final JobProgress progress;
    private final Runnable afterCommit;
    private final Clock clock;

    public SnapshotSync(String cursorName, Fetch<T> fetch, Store<T> store, int pageSize, Database database,
                        JobProgress progress, Runnable afterCommit, Clock clock) {
        if (pageSize < 1 || pageSize > 200) {
            throw new IllegalArgumentException("pageSize must be 1..200 (Horizon's limit), got " + pageSize);
        }
        this.cursorName = cursorName;
        this.fetch = fetch;
        this.store = store;
        this.pageSize = pageSize;
        this.database = database;
        this.jdbi = database.jdbi();
        this.progress = progress;
        this.afterCommit = afterCommit;
        this.clock = clock;
    }

    @Override
    public void run(StopToken stop) throws Exception {
        progress.track(() -> {
            while (!stop.stopRequested() && syncPage(stop)) {
                // more pages in this pass
            }
        });
    }

    /** @return true if the pass has more pages */
    boolean syncPage(StopToken stop) throws Exception {
        final String cursor = jdbi.withHandle(h -> Cursors.get(h, cursorName)).orElse("");
        final Page<T> page = fetch.fetch(cursor, pageSize, stop);
        final boolean last = page.records().size() < pageSize;
        // The pass ends with a short page; the next pass starts from the beginning of the collection.
        final String next = last ? "" : page.nextCursor();
        final Instant now = clock.instant();
        final int changed = database.inTransaction(h -> {
            // The cursor first: a store appends its events last (EventLog.appendAll), and nothing may follow them.
            Cursors.put(h, cursorName, next, now);
            return page.isEmpty() ? 0 : store.store(h, page.records(), now);
        });
        if (changed > 0) {
            afterCommit.run();
        }
        if (last) {
            progress.succeeded("pass complete", 0);
        } else {
            progress.succeeded(next, -1);
        }
        return !last;
    }
}
