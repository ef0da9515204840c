package io.ledgerlens.ws;

import io.ledgerlens.auth.SharedToken;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlens.lifecycle.PhaseStep;
import io.ledgerlens.lifecycle.StoppableResource;
import io.ledgerlens.lifecycle.Ticker;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The WebSocket clients of {@code /ws}: their connections, requests and subscriptions, fed with the stored event
 * log by the {@link EventDispatcher}. At stop the dispatcher is stopped first, so that what each client has been
 * sent is settled; then every client is told {@code server_shutdown} (with the sequence it has been served up to,
 * so that it can resume elsewhere with {@code since}, and when to reconnect), then closed with 1001 Going Away.
 * Jetty 12 treats every close code but 1000 as abnormal and closes the connection as soon as the close frame is
 * written, without waiting for the client's reply; so the hub waits, bounded, for each connection to be closed,
 * which is for the notice and close frame to be delivered, and aborts the connections of clients that have
 * stopped reading. Sends are asynchronous, so a slow or dead client never holds up the others or the stop.
 */
public final class WebSocketHub implements StoppableResource {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketHub.class);
    static final String SHUTDOWN_REASON = "server shutdown";
    static final String UNAUTHORIZED_REASON = "unauthorized: missing or wrong token";
    private static final Duration DISPATCHER_STOP = Duration.ofSeconds(1);
    /** Kept from the budget to abort the connections that did not close and to count, so the phase reports. */
    private static final Duration ABORT_RESERVE = Duration.ofMillis(500);
    private static final Duration REPORT_RESERVE = Duration.ofMillis(20);

    private final ObjectMapper mapper;
    private final Duration reconnectAfter;
    private final int maxMessageBytes;
    private final int maxQueuedRequests;
    private final SharedToken token;
    private final FirstMessageAuth firstMessage;
    private final BooleanSupplier draining;
    private final ServerMessages messages;
    private final HubMetrics metrics;
    private final Sender sender;
    private final EventDispatcher dispatcher;
    /** Applied on the dispatcher's thread only ({@link EventDispatcher#submit}). */
    private final SubscriptionRequests requests;
    private final Ticker ticker;
    private final Map<String, Subscriber> clients = new ConcurrentHashMap<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Object closedSignal = new Object();

    /**
     * @param draining true while this instance is out of rotation: a client connecting then is told
     *                 {@code server_shutdown} and closed at once, so that it reconnects (through the balancer)
     *                 to another instance
     */
    public WebSocketHub(ObjectMapper mapper, WebSocketConfig config, EventFeed feed, BooleanSupplier draining,
                        Ticker ticker, MetricRegistry registry) {
        this.mapper = mapper;
        this.reconnectAfter = config.reconnectAfter();
        this.maxMessageBytes = config.maxMessageBytes();
        this.maxQueuedRequests = config.maxQueuedRequests();
        this.token = new SharedToken(config.token());
        this.firstMessage = new FirstMessageAuth(token, mapper, config.authTimeout(), config.maxMessageBytes());
        this.draining = draining;
        this.ticker = ticker;
        this.messages = new ServerMessages(mapper);
        this.metrics = new HubMetrics(registry, clients::size, this::position);
        this.sender = new Sender(config.sendQueueLimit(), ticker, metrics, this::wake);
        final DispatcherSettings settings = new DispatcherSettings(config.pollInterval(), config.maxReplay(),
                config.pingInterval(), config.pongTimeout(), config.maxChannelsPerConnection());
        this.dispatcher = new EventDispatcher(feed, clients.values(), messages, sender, settings, ticker, metrics,
                client -> closed(client.session));
        this.requests = new SubscriptionRequests(feed, messages, sender, settings, metrics, dispatcher::position);
    }

    @Override
    public void start() {
        dispatcher.start();
    }

    /** A hint that the event log has grown (a job committed): the dispatcher looks at once. */
    public void wake() {
        dispatcher.wake();
    }

    /**
     * With {@code websocket.token} set, a client presents it at the upgrade ({@code Authorization: Bearer}, or
     * {@code ?token=}), or else as its first message; a wrong or missing token closes the connection with 1008.
     *
     * @param authorization the upgrade request's {@code Authorization} header, or null
     */
    void opened(Session session, String authorization) {
        final String queryToken = UpgradeQuery.first(session.getRequestParameterMap(), "token");
        if (token.required() && queryToken == null && authorization == null) {
            firstMessage.await(session, this::refuse);
        } else if (token.accepts(queryToken, authorization)) {
            admit(session);
        } else {
            refuse(session);
        }
    }

    private void refuse(Session session) {
        metrics.rejectedConnections.inc();
        Connections.close(session, Sender.POLICY_VIOLATION, UNAUTHORIZED_REASON);
    }

    private void admit(Session session) {
        final UpgradeQuery query = UpgradeQuery.of(session.getRequestParameterMap());
        final Subscriber client = new Subscriber(session, query.from().orElse(dispatcher.position()), ticker.nanos());
        // With the stop's flag under the same lock: a client is either told here, or in the map the stop notifies.
        synchronized (stopping) {
            if (stopping.get() || draining.getAsBoolean()) {
                // Kept as a closing client, so that the keepalive and the stop bound the wait for its reply.
                client.startClosing(ticker.nanos());
                clients.put(session.getId(), client);
                sendShutdownAndClose(session, client.cursor());
                return;
            }
            clients.put(session.getId(), client);
        }
        dispatcher.submit(() -> {
            requests.open(client, query.initial(), query.from());
            if (query.malformedSince()) {
                metrics.clientErrors.inc();
                sender.reply(client, messages.error("malformed", "since must be a sequence number >= 0, got '"
                        + Channels.abbreviate(query.since()) + "'; events follow from " + client.cursor()));
            }
        });
    }

    void closed(Session session) {
        firstMessage.forget(session);
        clients.remove(session.getId());
        synchronized (closedSignal) {
            closedSignal.notifyAll();
        }
    }

    void closeReplied(Session session) {
        final Subscriber client = clients.get(session.getId());
        if (client != null) {
            client.closeReplied();
        }
    }

    void ponged(Session session) {
        final Subscriber client = clients.get(session.getId());
        if (client != null) {
            client.ponged();
        }
    }

    /** A text message from a client; never throws, as an exception here would close the connection. */
    void received(Session session, String text) {
        final FirstMessageAuth.Answer answer = firstMessage.answer(session, text);
        if (answer != FirstMessageAuth.Answer.NOT_WAITING) {
            if (answer == FirstMessageAuth.Answer.ACCEPTED) {
                admit(session);
            } else {
                refuse(session);
            }
            return;
        }
        final Subscriber client = clients.get(session.getId());
        if (client == null || client.closing()) {
            return;
        }
        try {
            final ClientRequest request = ClientRequest.parse(mapper, text, maxMessageBytes);
            if (request instanceof ClientRequest.Invalid invalid) {
                reject(client, invalid.code(), invalid.message());
            } else if (request instanceof ClientRequest.Ping) {
                sender.reply(client, messages.pong());
            } else if (request instanceof ClientRequest.Subscribe subscribe) {
                queue(client, () -> requests.subscribe(client, subscribe));
            } else if (request instanceof ClientRequest.Unsubscribe unsubscribe) {
                queue(client, () -> requests.unsubscribe(client, unsubscribe));
            }
        } catch (RuntimeException e) {
            LOG.warn("websocket message from session {} not handled", session.getId(), e);
        }
    }

    /**
     * Hands a request to the one dispatcher thread, which all clients share: a client that sends faster than it
     * applies them is told so and closed, rather than queueing work without bound.
     */
    private void queue(Subscriber client, Runnable request) {
        if (client.requestQueued() > maxQueuedRequests) {
            client.requestApplied();
            reject(client, "too_many_requests", "at most " + maxQueuedRequests + " subscribe or unsubscribe requests "
                    + "may wait at once; closing (1008)");
            sender.disconnect(client, Sender.POLICY_VIOLATION, "too many requests");
            return;
        }
        dispatcher.submit(() -> {
            try {
                request.run();
            } finally {
                client.requestApplied();
            }
        });
    }

    void receivedBinary(Session session) {
        final Subscriber client = clients.get(session.getId());
        if (client != null && !client.closing()) {
            reject(client, "malformed", "binary messages are not accepted: send JSON text");
        }
    }

    private void reject(Subscriber client, String code, String message) {
        metrics.clientErrors.inc();
        sender.reply(client, messages.error(code, message));
    }

    public int clientCount() {
        return clients.size();
    }

    /** The sequence up to which the event log has been read and sent to live clients. */
    public long position() {
        return dispatcher.position();
    }

    @Override
    public PhaseStep.Result stop(Duration budget) throws InterruptedException {
        synchronized (stopping) {
            if (!stopping.compareAndSet(false, true)) {
                return PhaseStep.Result.skipped("already stopped");
            }
        }
        final long start = System.nanoTime();
        // Not yet clients: they never got a hello, so they get no notice either.
        firstMessage.stop().forEach(s -> Connections.close(s, CloseReason.CloseCodes.GOING_AWAY.getCode(),
                SHUTDOWN_REASON));
        final Duration dispatcherBudget = budget.dividedBy(2).compareTo(DISPATCHER_STOP) < 0 ? budget.dividedBy(2)
                : DISPATCHER_STOP;
        if (!dispatcher.stop(dispatcherBudget)) {
            LOG.warn("websocket dispatcher did not stop within {} ms: a client may get an event after its "
                    + "server_shutdown notice", dispatcherBudget.toMillis());
        }
        final List<Subscriber> closing = clients.values().stream().filter(c -> c.startClosing(ticker.nanos()))
                .toList();
        // Sends never wait, but each costs a socket write: with thousands of clients they are spread over the
        // cores.
        closing.parallelStream().forEach(c -> sendShutdownAndClose(c.session, c.cursor()));
        final List<Subscriber> notified = closing;
        synchronized (closedSignal) {
            while (!clients.isEmpty()) {
                // The reserve is for the connections still open, so it shrinks as clients complete their close:
                // with 10,000 clients a reserve sized once, at the start, cut the wait at 1.5 s of 2 s and aborted
                // 81 handshakes that were under way.
                final long left = start + budget.minus(abortReserve(budget, clients.size())).toNanos()
                        - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                closedSignal.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
        final List<Subscriber> unanswered = List.copyOf(clients.values());
        unanswered.forEach(c -> {
            Connections.abort(c.session);
            closed(c.session);
        });
        return ShutdownCount.of(notified, unanswered).result();
    }

    /**
     * 20 ms to count and report, and about 0.1 ms per connection that may have to be aborted; at most a quarter of
     * the budget or 500 ms.
     */
    static Duration abortReserve(Duration budget, int connections) {
        Duration reserve = REPORT_RESERVE.plusNanos(connections * 100_000L);
        if (reserve.compareTo(ABORT_RESERVE) > 0) {
            reserve = ABORT_RESERVE;
        }
        return reserve.compareTo(budget.dividedBy(4)) > 0 ? budget.dividedBy(4) : reserve;
    }

    /** The notice first; the close frame once the notice is written, so that it can never overtake it. */
    private void sendShutdownAndClose(Session session, long lastSequence) {
        Connections.send(session, messages.serverShutdown(lastSequence, reconnectAfter, SHUTDOWN_REASON),
                failure -> Connections.close(session, CloseReason.CloseCodes.GOING_AWAY.getCode(), SHUTDOWN_REASON));
    }
}
