package io.ledgerlens.ws;

import io.dropwizard.core.setup.Environment;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketContainer;
import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketSession;
import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketSessionListener;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;

import java.util.List;

/**
 * Puts the hub's endpoint on the application context. There is no maintained Dropwizard 5 WebSocket module, so
 * this is Jetty's own initializer; it runs when the context starts.
 */
public final class WebSocketSetup {
    public static final String PATH = "/ws";

    private WebSocketSetup() {
    }

    public static void register(Environment environment, WebSocketHub hub, WebSocketConfig settings) {
        final ServerEndpointConfig config = ServerEndpointConfig.Builder.create(HubEndpoint.class, PATH)
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <T> T getEndpointInstance(Class<T> endpointClass) {
                        return (T) new HubEndpoint(hub);
                    }

                    // No permessage-deflate. Jetty half-closes the connection (FIN) right after the server's close
                    // frame; Node's built-in WebSocket (undici) inflates compressed messages asynchronously and
                    // treats that FIN as the end of the connection while it still inflates, so it lost the
                    // server_shutdown notice and reported 1006. Compression also costs a deflater per client and
                    // compresses each event once per client on fan-out.
                    @Override
                    public List<Extension> getNegotiatedExtensions(List<Extension> installed,
                                                                   List<Extension> requested) {
                        return List.of();
                    }

                    // Jetty hands each upgrade a copy of the endpoint config, so these properties are this
                    // connection's own.
                    @Override
                    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request,
                                                HandshakeResponse response) {
                        final List<String> authorization = request.getHeaders().get("Authorization");
                        if (authorization != null && !authorization.isEmpty()) {
                            sec.getUserProperties().put(HubEndpoint.AUTHORIZATION, authorization.get(0));
                        }
                    }
                })
                .build();
        JakartaWebSocketServletContainerInitializer.configure(environment.getApplicationContext(),
                (context, container) -> {
                    container.setDefaultMaxSessionIdleTimeout(settings.idleTimeout().toMillis());
                    // Past this Jetty closes the connection with 1009; below it, past maxMessageBytes, the hub
                    // answers with an error message and keeps the connection.
                    container.setDefaultMaxTextMessageBufferSize(settings.maxFrameBytes());
                    container.setDefaultMaxBinaryMessageBufferSize(settings.maxFrameBytes());
                    container.addEndpoint(config);
                    // Called when the connection is really closed (close handshake done, or aborted).
                    ((JakartaWebSocketContainer) container).addSessionListener(new JakartaWebSocketSessionListener() {
                        @Override
                        public void onJakartaWebSocketSessionClosed(JakartaWebSocketSession session) {
                            hub.closed(session);
                        }
                    });
                });
    }
}
