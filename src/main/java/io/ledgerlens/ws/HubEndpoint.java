package io.ledgerlens.ws;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

/** One connection to {@code /ws}; everything it knows it hands to the hub. */
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
    public void onClose(Session session, CloseReason closeReason) {
        hub.closed(session);
    }

    @Override
    public void onError(Session session, Throwable thr) {
        hub.closed(session);
    }
}
