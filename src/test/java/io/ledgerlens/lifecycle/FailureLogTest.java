package io.ledgerlens.lifecycle;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FailureLogTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger("test.failure-log");
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final FailureLog log = new FailureLog(logger, "ingest-ledgers");

    @BeforeEach
    void capture() {
        logger.setLevel(Level.DEBUG);
        logger.setAdditive(false);
        events.start();
        logger.addAppender(events);
    }

    private List<String> at(Level level) {
        return events.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Test
    void theSameFailureIsOneWarnLineWithItsCauseAndNoStackTraceThenDebugUntilItChanges() {
        final Exception down = new IllegalStateException("GET http://127.0.0.1:1/ledgers failed",
                new ConnectException("Connection refused"));
        for (int i = 0; i < 80; i++) {
            log.failed(down, Duration.ofSeconds(1));
        }
        log.failed(new IllegalStateException("ledger 13 has prev_hash f0 but ..."), Duration.ofSeconds(1));
        log.succeeded();
        assertThat(at(Level.WARN)).containsExactly(
                "job ingest-ledgers unit failed: IllegalStateException: GET http://127.0.0.1:1/ledgers failed (caused "
                        + "by ConnectException: Connection refused); it runs again every PT1S (the same failure again "
                        + "is logged at DEBUG)",
                "job ingest-ledgers unit failed: IllegalStateException: ledger 13 has prev_hash f0 but ...; it runs "
                        + "again every PT1S (the same failure again is logged at DEBUG)");
        assertThat(events.list.stream().filter(e -> e.getLevel() == Level.WARN))
                .allMatch(e -> e.getThrowableProxy() == null);
        assertThat(events.list.stream().filter(e -> e.getLevel() == Level.DEBUG && e.getThrowableProxy() != null))
                .hasSize(81);
        assertThat(at(Level.INFO)).containsExactly("job ingest-ledgers recovered after 81 failed unit(s); last "
                + "cause: IllegalStateException: ledger 13 has prev_hash f0 but ...");
    }
}
