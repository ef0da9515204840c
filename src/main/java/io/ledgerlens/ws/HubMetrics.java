package io.ledgerlens.ws;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;

import java.util.function.LongSupplier;

/** The hub's metrics; docs/metrics.md lists them. */
final class HubMetrics {
    final Meter eventsSent;
    final Counter replayedEvents;
    final Counter slowConsumerDisconnects;
    final Counter pongTimeouts;
    final Counter rejectedConnections;
    final Counter clientErrors;

    HubMetrics(MetricRegistry registry, LongSupplier clients, LongSupplier position) {
        registry.register("websocket.clients", (Gauge<Long>) clients::getAsLong);
        registry.register("websocket.position", (Gauge<Long>) position::getAsLong);
        eventsSent = registry.meter("websocket.events_sent");
        replayedEvents = registry.counter("websocket.replayed_events");
        slowConsumerDisconnects = registry.counter("websocket.slow_consumer_disconnects");
        pongTimeouts = registry.counter("websocket.pong_timeouts");
        rejectedConnections = registry.counter("websocket.rejected_connections");
        clientErrors = registry.counter("websocket.client_errors");
    }
}
