package io.ledgerlens.ws;

import io.dropwizard.core.setup.Environment;
import jakarta.websocket.server.ServerEndpointConfig;
import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketContainer;
import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketSession;
import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketSessionListener;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;

import java.time.Duration;

/**
 * Puts the hub's endpoint on the application context. There is no maintained Dropwizard 5 WebSocket module, so
 * this is Jetty's own initializer; it runs when the context starts.
 */
public final class WebSocketSetup {
    public static final String PATH = "/ws";

    private WebSocketSetup() {
    }

    public static void register(Environment environment, WebSocketHub hub, Duration idleTimeout) {
        final ServerEndpointConfig config = ServerEndpointConfig.Builder.create(HubEndpoint.class, PATH)
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <T> T getEndpointInstance(Class<T> endpointClass) {
                        return (T) new HubEndpoint(hub);
                    }
                })
                .build();
        JakartaWebSocketServletContainerInitializer.configure(environment.getApplicationContext(),
                (context, container) -> {
                    container.setDefaultMaxSessionIdleTimeout(idleTimeout.toMillis());
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
