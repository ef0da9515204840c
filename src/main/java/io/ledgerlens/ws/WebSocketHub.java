package io.ledgerlens.ws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerlens.lifecycle.PhaseStep;
import io.ledgerlens.lifecycle.StoppableResource;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The WebSocket sessions of {@code /ws}. At stop every client is told {@code server_shutdown} (with the last
 * sequence it was sent, so it can resume elsewhere, and when to reconnect), then closed with 1001 Going Away.
 * Jetty 12 treats every close code but 1000 as abnormal and closes the connection as soon as the close frame is
 * written, without waiting for the client's reply; so the hub waits, bounded, for each connection to be closed,
 * which is for the notice and close frame to be delivered, and aborts the connections of clients that have
 * stopped reading. Sends are asynchronous, so a slow or dead client never holds up the others or the stop.
 */
public final class WebSocketHub implements StoppableResource {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketHub.class);
    static final String SHUTDOWN_REASON = "server shutdown";

    private final ObjectMapper mapper;
    private final Duration reconnectAfter;
    private final BooleanSupplier draining;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Object closedSignal = new Object();

    record Client(Session session, AtomicLong lastSent) {
    }

    /**
     * @param draining true while this instance is out of rotation: a client connecting then is told
     *                 {@code server_shutdown} and closed at once, so that it reconnects (through the balancer)
     *                 to another instance
     */
    public WebSocketHub(ObjectMapper mapper, Duration reconnectAfter, BooleanSupplier draining) {
        this.mapper = mapper;
        this.reconnectAfter = reconnectAfter;
        this.draining = draining;
    }

    void opened(Session session) {
        if (stopping.get() || draining.getAsBoolean()) {
            sendShutdownAndClose(new Client(session, new AtomicLong(sequence.get())));
            return;
        }
        final Client client = new Client(session, new AtomicLong(sequence.get()));
        clients.put(session.getId(), client);
        send(client, message("hello").put("lastSequence", sequence.get()));
    }

    void closed(Session session) {
        clients.remove(session.getId());
        synchronized (closedSignal) {
            closedSignal.notifyAll();
        }
    }

    void received(Session session, String text) {
        final Client client = clients.get(session.getId());
        if (client != null) {
            send(client, message("error").put("message", "this server accepts no messages yet: " + abbreviate(text)));
        }
    }

    /** Sends an event to every client; @return its sequence number. */
    public long broadcast(String type, Map<String, ?> payload) {
        final long seq = sequence.incrementAndGet();
        final ObjectNode event = message(type).put("sequence", seq);
        event.set("data", mapper.valueToTree(payload));
        clients.values().forEach(c -> {
            send(c, event);
            c.lastSent().accumulateAndGet(seq, Math::max);
        });
        return seq;
    }

    public int clientCount() {
        return clients.size();
    }

    @Override
    public PhaseStep.Result stop(Duration budget) throws InterruptedException {
        if (!stopping.compareAndSet(false, true)) {
            return PhaseStep.Result.skipped("already stopped");
        }
        final List<Client> notified = List.copyOf(clients.values());
        notified.forEach(this::sendShutdownAndClose);
        final long end = System.nanoTime() + budget.toNanos();
        synchronized (closedSignal) {
            while (!clients.isEmpty() && System.nanoTime() < end) {
                closedSignal.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
            }
        }
        final List<Client> unanswered = List.copyOf(clients.values());
        unanswered.forEach(this::abort);
        final String detail = notified.size() + " client(s) notified, " + (notified.size() - unanswered.size())
                + " closed cleanly, " + unanswered.size() + " aborted without a close reply";
        final PhaseStep.Result result = unanswered.isEmpty() ? PhaseStep.Result.clean(detail)
                : PhaseStep.Result.timedOut(detail);
        return result.with("websocketClients", notified.size()).with("websocketAborted", unanswered.size());
    }

    private void sendShutdownAndClose(Client client) {
        final ObjectNode notice = message("server_shutdown")
                .put("lastSequence", client.lastSent().get())
                .put("reconnectAfterMs", reconnectAfter.toMillis())
                .put("reason", SHUTDOWN_REASON);
        try {
            client.session().getAsyncRemote().sendText(notice.toString(), result -> closeQuietly(client));
        } catch (RuntimeException e) {
            closeQuietly(client);
        }
    }

    private void closeQuietly(Client client) {
        try {
            client.session().close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, SHUTDOWN_REASON));
        } catch (Exception e) {
            LOG.debug("close of websocket session {} failed", client.session().getId(), e);
        }
    }

    private void abort(Client client) {
        if (client.session() instanceof JakartaWebSocketSession jetty) {
            jetty.abort();
        } else {
            closeQuietly(client);
        }
        closed(client.session());
    }

    private void send(Client client, ObjectNode message) {
        try {
            client.session().getAsyncRemote().sendText(message.toString());
        } catch (RuntimeException e) {
            LOG.debug("send to websocket session {} failed", client.session().getId(), e);
        }
    }

    private ObjectNode message(String type) {
        return mapper.createObjectNode().put("type", type);
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
