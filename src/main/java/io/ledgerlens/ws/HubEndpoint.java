package io.ledgerlens.ws;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;

import java.nio.ByteBuffer;

/**
 * One connection to {@code /ws}; everything it knows it hands to the hub. Jetty calls {@code onClose} once: with
 * the client's close status when its close frame arrives, or with 1006 when the connection ended without one;
 * the hub forgets the session when the container's session listener says the connection is closed.
 */
public final class HubEndpoint extends Endpoint {
    /** The user property under which the handshake leaves the request's Authorization header. */
    static final String AUTHORIZATION = "ledgerlens.authorization";
    private final WebSocketHub hub;

    HubEndpoint(WebSocketHub hub) {
        this.hub = hub;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> hub.received(session, text));
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) b -> hub.receivedBinary(session));
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) p -> hub.ponged(session));
        hub.opened(session, (String) config.getUserProperties().get(AUTHORIZATION));
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        if (reason.getCloseCode().getCode() != CloseReason.CloseCodes.CLOSED_ABNORMALLY.getCode()) {
            hub.closeReplied(session);
        }
    }

    @Override
    public void onError(Session session, Throwable thr) {
        hub.closed(session);
    }
}
