package io.ledgerlens.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerlens.auth.SharedToken;
import jakarta.websocket.Session;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Connections that came without a token while {@code websocket.token} is set: their first text message must be
 * {@code {"type":"auth","token":"..."}} with the right token, within {@code websocket.authTimeout}. The answer and
 * the timeout race for the session's entry; whichever takes it decides.
 */
final class FirstMessageAuth {
    enum Answer { NOT_WAITING, ACCEPTED, REFUSED }

    private final SharedToken token;
    private final ObjectMapper mapper;
    private final Duration timeout;
    private final int maxMessageBytes;
    private final Map<String, ScheduledFuture<?>> waiting = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private volatile ScheduledThreadPoolExecutor timer;

    FirstMessageAuth(SharedToken token, ObjectMapper mapper, Duration timeout, int maxMessageBytes) {
        this.token = Objects.requireNonNull(token, "token");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        this.timeout = timeout;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Waits for the session's first message; {@code timedOut} runs if none came within the timeout. */
    void await(Session session, Consumer<Session> timedOut) {
        sessions.put(session.getId(), session);
        waiting.put(session.getId(), timer().schedule(() -> {
            if (take(session.getId())) {
                timedOut.accept(session);
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    Answer answer(Session session, String text) {
        final ScheduledFuture<?> deadline = waiting.get(session.getId());
        if (deadline == null || !take(session.getId())) {
            return Answer.NOT_WAITING;
        }
        deadline.cancel(false);
        return accepts(text) ? Answer.ACCEPTED : Answer.REFUSED;
    }

    private boolean accepts(String text) {
        if (text.length() > maxMessageBytes) {
            return false;
        }
        try {
            final JsonNode message = mapper.readTree(text);
            return message != null && "auth".equals(message.path("type").asText())
                    && message.path("token").isTextual() && token.accepts(message.get("token").asText(), null);
        } catch (Exception e) {
            return false;
        }
    }

    void forget(Session session) {
        final ScheduledFuture<?> deadline = waiting.get(session.getId());
        if (take(session.getId()) && deadline != null) {
            deadline.cancel(false);
        }
    }

    /** The sessions still waiting, no longer waited for; the timer stops. */
    List<Session> stop() {
        final List<Session> left = List.copyOf(sessions.values());
        left.forEach(this::forget);
        final ScheduledThreadPoolExecutor t = timer;
        if (t != null) {
            t.shutdownNow();
        }
        return left;
    }

    private boolean take(String id) {
        sessions.remove(id);
        return waiting.remove(id) != null;
    }

    private synchronized ScheduledThreadPoolExecutor timer() {
        if (timer == null) {
            timer = new ScheduledThreadPoolExecutor(1, r -> {
                final Thread thread = new Thread(r, "ws-auth-timeout");
                thread.setDaemon(true);
                return thread;
            });
            timer.setRemoveOnCancelPolicy(true);
        }
        return timer;
    }
}
