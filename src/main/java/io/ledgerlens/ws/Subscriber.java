package io.ledgerlens.ws;

import io.ledgerlens.events.StoredEvent;
import jakarta.websocket.Session;

import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One connected client as the dispatcher sees it. Its channels and its cursor are changed by the dispatcher
 * thread only; {@code cursor} is volatile because the hub reads it at stop, after the dispatcher has ended.
 * <p>
 * The cursor is the sequence up to which this client has been served: every stored event with a sequence at or
 * below it, on the client's channels, has been handed to the connection (or was before the client's
 * {@code since}). A client is live when its cursor has reached the dispatcher's position; until then it is
 * catching up, reading the event log from its cursor at its own pace.
 */
final class Subscriber {
    final Session session;
    private final Set<String> channels = new TreeSet<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicInteger queuedRequests = new AtomicInteger();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile long cursor;
    private volatile boolean live;
    private volatile boolean ready;
    private volatile long closingSinceNanos;
    private volatile boolean closeReplied;
    private long lastPingNanos;
    private volatile boolean awaitingPong;
    private OptionalLong pendingSince = OptionalLong.empty();

    Subscriber(Session session, long cursor, long openedNanos) {
        this.session = session;
        this.cursor = cursor;
        this.live = true;
        this.lastPingNanos = openedNanos;
    }

    long cursor() {
        return cursor;
    }

    void servedUpTo(long sequence) {
        if (sequence > cursor) {
            cursor = sequence;
        }
    }

    /** Moves the cursor back or forth without serving anything: the start of a resume. */
    void resumeFrom(long sequence) {
        cursor = sequence;
    }

    boolean live() {
        return live;
    }

    void live(boolean live) {
        this.live = live;
    }

    /** False until the dispatcher has sent the hello: nothing else is sent before it. */
    boolean ready() {
        return ready;
    }

    void markReady() {
        ready = true;
    }

    /** A {@code since} given in the URL without channels: it applies to the first subscribe. */
    void pendingSince(OptionalLong since) {
        pendingSince = since;
    }

    OptionalLong takePendingSince() {
        final OptionalLong since = pendingSince;
        pendingSince = OptionalLong.empty();
        return since;
    }

    boolean hasChannels() {
        return !channels.isEmpty();
    }

    void add(List<String> added) {
        channels.addAll(added);
    }

    /** How many channels the connection would hold with {@code added}. */
    int channelCountWith(List<String> added) {
        return (int) (channels.size() + added.stream().distinct().filter(c -> !channels.contains(c)).count());
    }

    /** @return the number of this connection's requests now waiting for the dispatcher, this one included */
    int requestQueued() {
        return queuedRequests.incrementAndGet();
    }

    void requestApplied() {
        queuedRequests.decrementAndGet();
    }

    void remove(List<String> removed) {
        removed.forEach(channels::remove);
    }

    List<String> channels() {
        return List.copyOf(channels);
    }

    boolean wants(StoredEvent event) {
        final String family = Channels.familyOf(event);
        if (family == null) {
            return false;
        }
        return channels.contains(family) || channels.contains(Channels.channelOf(event));
    }

    /** Counts a send handed to the connection; @return the number now outstanding */
    int sending() {
        return outstanding.incrementAndGet();
    }

    void sent() {
        outstanding.decrementAndGet();
    }

    int outstanding() {
        return outstanding.get();
    }

    /** @return true the first time only: the caller is the one to close */
    boolean startClosing(long nowNanos) {
        if (closing.compareAndSet(false, true)) {
            closingSinceNanos = nowNanos;
            return true;
        }
        return false;
    }

    boolean closing() {
        return closing.get();
    }

    long closingSinceNanos() {
        return closingSinceNanos;
    }

    /** The client's close frame has arrived: the close handshake is complete. */
    void closeReplied() {
        closeReplied = true;
    }

    boolean hasRepliedToClose() {
        return closeReplied;
    }

    long lastPingNanos() {
        return lastPingNanos;
    }

    void pinged(long nowNanos) {
        lastPingNanos = nowNanos;
        awaitingPong = true;
    }

    boolean awaitingPong() {
        return awaitingPong;
    }

    void ponged() {
        awaitingPong = false;
    }
}
