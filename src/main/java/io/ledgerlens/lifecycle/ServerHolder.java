package io.ledgerlens.lifecycle;

import org.eclipse.jetty.server.Server;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** The Jetty server, known only once Dropwizard has built and started it. */
public final class ServerHolder {
    private final AtomicReference<Server> server = new AtomicReference<>();

    public void set(Server value) {
        server.set(value);
    }

    public Optional<Server> get() {
        return Optional.ofNullable(server.get());
    }
}
