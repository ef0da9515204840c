package io.ledgerlens.ws;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketSession;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Sends, pings and closes that never block the caller. Jakarta's own {@code close} and {@code sendPing} wait for
 * the frame to be written, which for a client that has stopped reading is until the idle timeout; so with Jetty's
 * session these go straight to its core session, which queues the frame and calls back.
 */
final class Connections {
    private static final Logger LOG = LoggerFactory.getLogger(Connections.class);
    private static final ByteBuffer PING_PAYLOAD = ByteBuffer.wrap(new byte[] {'l', 'l'}).asReadOnlyBuffer();

    private Connections() {
    }

    /** @param done called once with null when the text was written, or with the failure */
    static void send(Session session, String text, Consumer<Throwable> done) {
        send(session, text, false, done);
    }

    /**
     * @param batch true: Jetty may hold the frame to write it with the next ones, until {@link #flush} or a frame
     *              sent without batching
     */
    static void send(Session session, String text, boolean batch, Consumer<Throwable> done) {
        try {
            if (session instanceof JakartaWebSocketSession jetty) {
                jetty.getCoreSession().sendFrame(new Frame(OpCode.TEXT, text),
                        Callback.from(() -> done.accept(null), done), batch);
            } else {
                session.getAsyncRemote().sendText(text, result -> done.accept(result.getException()));
            }
        } catch (RuntimeException e) {
            done.accept(e);
        }
    }

    static void flush(Session session) {
        try {
            if (session instanceof JakartaWebSocketSession jetty) {
                jetty.getCoreSession().flush(Callback.NOOP);
            }
        } catch (RuntimeException e) {
            LOG.debug("flush of websocket session {} failed", session.getId(), e);
        }
    }

    static void ping(Session session) {
        try {
            if (session instanceof JakartaWebSocketSession jetty) {
                jetty.getCoreSession().sendFrame(new Frame(OpCode.PING, PING_PAYLOAD.duplicate()), Callback.NOOP,
                        false);
            } else {
                session.getAsyncRemote().sendPing(PING_PAYLOAD.duplicate());
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("ping to websocket session {} failed", session.getId(), e);
        }
    }

    /**
     * Sends a close frame and leaves the connection open for the client's close reply: Jetty closes it when the
     * reply arrives (see {@link AwaitedCloseFrame}); the caller bounds the wait with {@link #abort}.
     */
    static void close(Session session, int code, String reason) {
        try {
            if (session instanceof JakartaWebSocketSession jetty) {
                jetty.getCoreSession().sendFrame(new AwaitedCloseFrame(code, reason), Callback.NOOP, false);
            } else {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("close of websocket session {} failed", session.getId(), e);
        }
    }

    static void abort(Session session) {
        if (session instanceof JakartaWebSocketSession jetty) {
            jetty.abort();
        } else {
            close(session, CloseReason.CloseCodes.GOING_AWAY.getCode(), WebSocketHub.SHUTDOWN_REASON);
        }
    }
}
