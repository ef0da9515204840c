package io.ledgerlens.lifecycle;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/** Stops Logback, which drains Dropwizard's asynchronous appenders: the last thing before the process exits. */
public final class LoggingFlush {
    private LoggingFlush() {
    }

    public static void flush() {
        final ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context) {
            context.stop();
        }
    }
}
