package io.ledgerlens.ws;

import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;

import java.nio.ByteBuffer;

/**
 * One connection to {@code /ws}; everything it knows it hands to the hub. Its {@code onClose} is not used to
 * forget the session: Jetty calls it as soon as the server sends its own close frame, before the client has
 * replied; the hub learns of the closed connection from the container's session listener instead.
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
    public void onError(Session session, Throwable thr) {
        hub.closed(session);
    }
}
