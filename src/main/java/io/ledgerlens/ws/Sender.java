package io.ledgerlens.ws;

import io.ledgerlens.lifecycle.Ticker;

/**
 * Hands texts to clients' connections without ever waiting on one, and keeps each client's count of messages
 * handed over but not yet written within {@code sendQueueLimit}. A client over it is a slow consumer: it is closed
 * with 1013 (Try Again Later) and a reason naming the sequence to resume from, and is aborted if the close does
 * not complete within the close grace.
 */
final class Sender {
    static final int SLOW_CONSUMER = 1013;
    static final int POLICY_VIOLATION = 1008;

    private final int sendQueueLimit;
    private final Ticker ticker;
    private final HubMetrics metrics;
    private final Runnable drained;

    /** @param drained called when a send completes for a client that is catching up: it may take more now */
    Sender(int sendQueueLimit, Ticker ticker, HubMetrics metrics, Runnable drained) {
        if (sendQueueLimit < 1) {
            throw new IllegalArgumentException("sendQueueLimit must be >= 1, got " + sendQueueLimit);
        }
        this.sendQueueLimit = sendQueueLimit;
        this.ticker = ticker;
        this.metrics = metrics;
        this.drained = drained;
    }

    int sendQueueLimit() {
        return sendQueueLimit;
    }

    /** @return false, having sent nothing, if the client is closing or its queue is full */
    boolean send(Subscriber client, String text) {
        return send(client, text, false);
    }

    /**
     * Sends one of a run of events: the connection may write it together with the next ones; the caller ends the
     * run with {@link #flush}.
     */
    boolean sendBatched(Subscriber client, String text) {
        return send(client, text, true);
    }

    void flush(Subscriber client) {
        Connections.flush(client.session);
    }

    private boolean send(Subscriber client, String text, boolean batch) {
        if (client.closing()) {
            return false;
        }
        if (client.sending() > sendQueueLimit) {
            client.sent();
            return false;
        }
        Connections.send(client.session, text, batch, failure -> {
            client.sent();
            if (!client.live()) {
                drained.run();
            }
        });
        return true;
    }

    /** Sends, and closes the client as a slow consumer if its queue is full. */
    void reply(Subscriber client, String text) {
        if (!send(client, text) && !client.closing()) {
            disconnectSlow(client);
        }
    }

    void disconnectSlow(Subscriber client) {
        final int queued = client.outstanding();
        if (disconnect(client, SLOW_CONSUMER, "slow consumer: " + queued + " messages queued; resume with since="
                + client.cursor())) {
            metrics.slowConsumerDisconnects.inc();
        }
    }

    /** @return true if this call started the close */
    boolean disconnect(Subscriber client, int code, String reason) {
        if (!client.startClosing(ticker.nanos())) {
            return false;
        }
        Connections.close(client.session, code, reason);
        return true;
    }
}
