package io.ledgerlens.webhooks;

import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * Jetty's name resolution for webhook connections, with {@link TargetGuard} applied to every address it returns:
 * the client connects only to addresses that passed, so a name that resolved to a public address when the
 * subscription was saved and to an internal one now (DNS rebinding) is refused at connect time.
 */
final class GuardedResolver implements SocketAddressResolver {
    private final SocketAddressResolver delegate;
    private final TargetGuard guard;

    GuardedResolver(SocketAddressResolver delegate, TargetGuard guard) {
        this.delegate = delegate;
        this.guard = guard;
    }

    @Override
    public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        delegate.resolve(host, port, context, Promise.from(addresses -> {
            try {
                addresses.forEach(a -> guard.checkAddress(host, a.getAddress()));
                promise.succeeded(addresses);
            } catch (IllegalArgumentException refused) {
                promise.failed(new TargetRefusedException(refused.getMessage()));
            }
        }, promise::failed));
    }

    /** A delivery to a refused address: recorded as the attempt's error, retried like any failure. */
    static final class TargetRefusedException extends Exception {
        TargetRefusedException(String message) {
            super(message, null, false, false);
        }
    }
}
