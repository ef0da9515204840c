package io.ledgerlens.retention;

import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.Map;

/** One kind of data that ages out: deletes one batch of it inside the caller's transaction. */
interface Sweep {
    /** The kind's name in logs; its tables' counters are {@code retention.<table>.deleted}. */
    String name();

    /** The tables whose deleted rows {@link Batch#deleted()} counts. */
    java.util.List<String> tables();

    /** @param cutoff rows older than this may go, within the kind's own limits */
    Batch deleteBatch(Handle h, Instant cutoff, int batchSize);

    /** Rows deleted per table, and whether more may be waiting past this batch. */
    record Batch(Map<String, Integer> deleted, boolean more) {
        static Batch none() {
            return new Batch(Map.of(), false);
        }
    }
}
