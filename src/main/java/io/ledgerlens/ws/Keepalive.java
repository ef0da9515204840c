package io.ledgerlens.ws;

import io.ledgerlens.lifecycle.Ticker;

import java.util.Collection;
import java.util.function.Consumer;

/**
 * The dispatcher's keepalive duties, run each round on its thread: a ping every {@code pingInterval} to each
 * ready client, a close (1008) for one that has not answered within {@code pongTimeout}, and an abort for a client
 * the server closed that has not completed the close within that same grace.
 */
final class Keepalive {
    private final Sender sender;
    private final DispatcherSettings settings;
    private final Ticker ticker;
    private final HubMetrics metrics;
    private final Consumer<Subscriber> forget;

    Keepalive(Sender sender, DispatcherSettings settings, Ticker ticker, HubMetrics metrics,
              Consumer<Subscriber> forget) {
        this.sender = sender;
        this.settings = settings;
        this.ticker = ticker;
        this.metrics = metrics;
        this.forget = forget;
    }

    /** Pings who is due, closes who did not answer, aborts who did not finish a close. */
    void pingAndPrune(Collection<Subscriber> clients) {
        ping(clients);
        giveUpOnUnclosed(clients);
    }

    private void ping(Collection<Subscriber> clients) {
        final long now = ticker.nanos();
        for (Subscriber client : clients) {
            if (!client.ready() || client.closing()) {
                continue;
            }
            final long sincePing = now - client.lastPingNanos();
            if (client.awaitingPong()) {
                if (sincePing > settings.pongTimeout().toNanos()) {
                    metrics.pongTimeouts.inc();
                    sender.disconnect(client, Sender.POLICY_VIOLATION, "no pong within "
                            + settings.pongTimeout().toMillis() + " ms");
                }
            } else if (sincePing >= settings.pingInterval().toNanos()) {
                client.pinged(now);
                Connections.ping(client.session);
            }
        }
    }

    /** A client closed by the server that has not completed the close within the pong timeout is aborted. */
    private void giveUpOnUnclosed(Collection<Subscriber> clients) {
        final long now = ticker.nanos();
        for (Subscriber client : clients) {
            if (client.closing() && now - client.closingSinceNanos() > settings.pongTimeout().toNanos()) {
                Connections.abort(client.session);
                forget.accept(client);
            }
        }
    }
}
