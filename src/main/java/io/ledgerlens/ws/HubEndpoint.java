package io.ledgerlens.ws;

import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

/**
 * One connection to {@code /ws}; everything it knows it hands to the hub. Its {@code onClose} is not used to
 * forget the session: Jetty calls it as soon as the server sends its own close frame, before the client has
 * replied; the hub learns of the closed connection from the container's session listener instead.
 */
public final class HubEndpoint extends Endpoint {
    private final WebSocketHub hub;

    HubEndpoint(WebSocketHub hub) {
        this.hub = hub;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> hub.received(session, text));
        hub.opened(session);
    }

    @Override
    public void onError(Session session, Throwable thr) {
        hub.closed(session);
    }
}
