package io.ledgerlens.ingest;

import java.util.List;

/** One page of a Horizon collection; {@code nextCursor} is the last record's paging token (or the cursor asked for). */
public record Page<T>(List<T> records, String nextCursor) {
    public Page {
        records = List.copyOf(records);
    }

    public boolean isEmpty() {
        return records.isEmpty();
    }
}
