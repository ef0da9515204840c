package io.ledgerlens.ws;

import io.ledgerlens.events.EventLog;
import io.ledgerlens.events.StoredEvent;
import org.jdbi.v3.core.Jdbi;

import java.util.List;

/** What the dispatcher reads: the stored event log, oldest first. */
public interface EventFeed {
    List<StoredEvent> after(long afterSequence, int limit);

    long lastSequence();

    static EventFeed of(Jdbi jdbi) {
        return new EventFeed() {
            @Override
            public List<StoredEvent> after(long afterSequence, int limit) {
                return jdbi.withHandle(h -> EventLog.after(h, afterSequence, limit));
            }

            @Override
            public long lastSequence() {
                return jdbi.withHandle(EventLog::lastSequence);
            }
        };
    }
}
