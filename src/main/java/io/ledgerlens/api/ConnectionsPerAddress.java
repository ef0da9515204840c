package io.ledgerlens.api;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.dropwizard.core.setup.Environment;
import io.ledgerlens.net.Cidr;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * At most {@code max} open connections per client address on the application port: one more is closed as it is
 * accepted, before Jetty reads a byte of it, so that one address cannot hold every connection (each idle one for
 * up to the 30 s idle timeout, each WebSocket for as long as it likes). Addresses in the exempt networks (loopback
 * by default; a balancer's network where there is one) are not counted.
 */
public final class ConnectionsPerAddress implements SelectorManager.AcceptListener {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionsPerAddress.class);
    private static final long LOG_EVERY_MS = 10_000;

    private final int max;
    private final List<Cidr> exempt;
    private final Meter refused;
    private final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();
    private final Map<SelectableChannel, InetAddress> counted = new ConcurrentHashMap<>();
    private final AtomicLong lastLog = new AtomicLong(Long.MIN_VALUE / 2);

    ConnectionsPerAddress(int max, List<Cidr> exempt, Meter refused) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, got " + max);
        }
        this.max = max;
        this.exempt = List.copyOf(exempt);
        this.refused = refused;
    }

    /** Adds the limit to the application connectors as the server starts; nothing when {@code max} is 0. */
    public static void install(Environment environment, ApiConfig config) {
        if (config.maxConnectionsPerAddress() == 0) {
            LOG.info("api.maxConnectionsPerAddress is 0: no limit on connections per client address");
            return;
        }
        final ConnectionsPerAddress limit = new ConnectionsPerAddress(config.maxConnectionsPerAddress(),
                config.connectionLimitExempt(), environment.metrics().meter(
                        MetricRegistry.name(ConnectionsPerAddress.class, "refused")));
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                if (event instanceof Server server) {
                    for (Connector connector : server.getConnectors()) {
                        if (connector.getName() != null && connector.getName().startsWith("application")) {
                            ((org.eclipse.jetty.server.AbstractConnector) connector).addBean(limit);
                        }
                    }
                }
            }
        });
    }

    int openFrom(InetAddress address) {
        return open.getOrDefault(address, 0);
    }

    @Override
    public void onAccepted(SelectableChannel channel) {
        final InetAddress address = remote(channel);
        if (address == null || exempt.stream().anyMatch(c -> c.contains(address))) {
            return;
        }
        final int now = open.merge(address, 1, Integer::sum);
        if (now <= max) {
            counted.put(channel, address);
            return;
        }
        release(address);
        refused.mark();
        final long t = System.currentTimeMillis();
        final long last = lastLog.get();
        if (t - last >= LOG_EVERY_MS && lastLog.compareAndSet(last, t)) {
            LOG.warn("closed a connection from {}: it already has {} open (api.maxConnectionsPerAddress); "
                    + "{} refused in all", address.getHostAddress(), max, refused.getCount());
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing a refused connection failed", e);
        }
    }

    @Override
    public void onClosed(SelectableChannel channel) {
        final InetAddress address = counted.remove(channel);
        if (address != null) {
            release(address);
        }
    }

    private void release(InetAddress address) {
        open.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }

    private static InetAddress remote(SelectableChannel channel) {
        try {
            return channel instanceof SocketChannel socket
                    && socket.getRemoteAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
