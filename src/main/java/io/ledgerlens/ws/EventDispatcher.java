package io.ledgerlens.ws;

import io.ledgerlens.lifecycle.WakeSignal;

import io.ledgerlens.events.StoredEvent;
import io.ledgerlens.lifecycle.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The one thread that sends events. Each round it applies the clients' requests ({@link SubscriptionRequests}:
 * open, subscribe, unsubscribe) in arrival order, tails the event log past its position and hands each new event
 * to the live clients that want it, moves catching-up clients forward from their own cursor, pings, and gives up
 * on clients that do not close.
 * Because replay and live delivery happen on this thread, one after the other, a resuming client's replay ends
 * exactly where its live events begin: no gap and no duplicate at the seam.
 * <p>
 * It looks at the log when woken (a job committed) and at least every poll interval, so nothing depends on the
 * wake-up. A slow client never holds it up: sends are queued on the connection and counted, never waited for.
 */
final class EventDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);
    static final int BATCH = 500;

    private final EventFeed feed;
    private final Collection<Subscriber> clients;
    private final ServerMessages messages;
    private final Sender sender;
    private final DispatcherSettings settings;
    private final Keepalive keepalive;
    private final HubMetrics metrics;
    private final Consumer<Subscriber> forget;
    private final Queue<Runnable> requests = new ConcurrentLinkedQueue<>();
    private final WakeSignal signal = new WakeSignal();
    private volatile boolean stopRequested;
    private volatile long position;
    private volatile Thread thread;
    private boolean failing;

    /**
     * @param clients the hub's live view of its clients
     * @param forget  told of each client given up on (aborted after its close grace)
     */
    EventDispatcher(EventFeed feed, Collection<Subscriber> clients, ServerMessages messages, Sender sender,
                    DispatcherSettings settings, Ticker ticker, HubMetrics metrics, Consumer<Subscriber> forget) {
        this.feed = feed;
        this.clients = clients;
        this.messages = messages;
        this.sender = sender;
        this.settings = settings;
        this.metrics = metrics;
        this.forget = forget;
        this.keepalive = new Keepalive(sender, settings, ticker, metrics, forget);
    }

    /** Reads the log's last sequence (live clients start after it) and starts the thread. */
    synchronized void start() {
        if (thread != null) {
            return;
        }
        position = feed.lastSequence();
        final Thread t = new Thread(this::loop, "ws-dispatcher");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** The sequence up to which the log has been read and handed to live clients. */
    long position() {
        return position;
    }

    /** A hint that the log has grown, or that a catching-up client can take more. */
    void wake() {
        signal.wake();
    }

    /** Runs {@code request} on the dispatcher thread, in order with the other requests and before the next send. */
    void submit(Runnable request) {
        requests.add(request);
        wake();
    }

    /**
     * Stops the thread after its current round; no event is sent after this returns true.
     *
     * @return false if the thread did not end within the budget
     */
    boolean stop(Duration budget) throws InterruptedException {
        stopRequested = true;
        wake();
        final Thread t = thread;
        if (t == null) {
            return true;
        }
        t.join(Math.max(1, budget.toMillis()));
        return !t.isAlive();
    }

    private void loop() {
        while (!stopRequested) {
            boolean more = false;
            try {
                runRequests();
                more = tail();
                more |= catchUp();
                keepalive.pingAndPrune(clients);
                if (failing) {
                    LOG.info("websocket dispatcher reads the event log again at sequence {}", position);
                    failing = false;
                }
            } catch (RuntimeException e) {
                if (!failing) {
                    LOG.warn("websocket dispatcher failed at sequence {}; retrying every {} ms", position,
                            settings.pollInterval().toMillis(), e);
                    failing = true;
                }
                more = false;
            }
            if (!more) {
                awaitWake();
            }
        }
    }

    private void awaitWake() {
        if (stopRequested) {
            return;
        }
        try {
            signal.await(settings.pollInterval());
        } catch (InterruptedException e) {
            stopRequested = true;
            Thread.currentThread().interrupt();
        }
    }

    private void runRequests() {
        Runnable request;
        while ((request = requests.poll()) != null && !stopRequested) {
            request.run();
        }
    }

    /** @return true if there may be more to read at once */
    private boolean tail() {
        final List<StoredEvent> batch = feed.after(position, BATCH);
        if (batch.isEmpty()) {
            return false;
        }
        final List<Subscriber> live = new ArrayList<>();
        for (Subscriber client : clients) {
            if (client.ready() && client.live() && !client.closing()) {
                live.add(client);
            }
        }
        for (StoredEvent event : batch) {
            String text = null;
            for (Subscriber client : live) {
                if (event.sequence() <= client.cursor() || client.closing() || !client.wants(event)) {
                    continue;
                }
                if (text == null) {
                    text = messages.event(event);
                }
                if (sender.sendBatched(client, text)) {
                    metrics.eventsSent.mark();
                } else if (!client.closing()) {
                    client.servedUpTo(event.sequence() - 1);
                    sender.disconnectSlow(client);
                }
            }
        }
        final long last = batch.get(batch.size() - 1).sequence();
        position = last;
        for (Subscriber client : live) {
            sender.flush(client);
            if (!client.closing()) {
                client.servedUpTo(last);
            }
        }
        return batch.size() == BATCH;
    }

    /**
     * Moves each catching-up client forward from its cursor, up to the position, sending no more than half its
     * queue at a time (replay never makes a client a slow consumer); it joins the live clients at the position.
     *
     * @return true if a client made progress and has more to catch up
     */
    private boolean catchUp() {
        boolean more = false;
        final int window = Math.max(1, sender.sendQueueLimit() / 2);
        for (Subscriber client : clients) {
            if (!client.ready() || client.live() || client.closing()) {
                continue;
            }
            int credit = window - client.outstanding();
            if (credit <= 0) {
                continue;
            }
            final long before = client.cursor();
            final List<StoredEvent> page = client.cursor() >= position ? List.of()
                    : feed.after(client.cursor(), BATCH);
            for (StoredEvent event : page) {
                if (event.sequence() > position || credit == 0) {
                    break;
                }
                if (client.wants(event)) {
                    if (!sender.sendBatched(client, messages.event(event))) {
                        break;
                    }
                    credit--;
                    metrics.eventsSent.mark();
                    metrics.replayedEvents.inc();
                }
                client.servedUpTo(event.sequence());
            }
            sender.flush(client);
            if (client.cursor() >= position || page.isEmpty()) {
                client.servedUpTo(position);
                client.live(true);
            } else if (client.cursor() > before) {
                more = true;
            }
        }
        return more;
    }
}
