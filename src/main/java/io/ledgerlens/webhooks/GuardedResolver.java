package io.ledgerlens.webhooks;

import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Jetty's name resolution for webhook connections: the lookup runs on the guard's bounded pool with a timeout, and
 * {@link TargetGuard} checks every address it returns with the port. The client connects only to the addresses that
 * passed, so a name that resolved to a public address when the subscription was saved and to an internal one now
 * (DNS rebinding) is refused at connect time, and a name whose DNS never answers fails the attempt after the
 * timeout instead of holding a client thread.
 */
final class GuardedResolver implements SocketAddressResolver {
    private final TargetGuard guard;
    private final Duration timeout;

    GuardedResolver(TargetGuard guard, Duration timeout) {
        this.guard = guard;
        this.timeout = timeout;
    }

    @Override
    public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        guard.checkedAddresses(host, port, timeout).whenComplete((addresses, failure) -> {
            if (failure != null) {
                promise.failed(new TargetRefusedException(TargetGuard.refusal(failure).getMessage()));
            } else {
                promise.succeeded(addresses.stream().map(a -> new InetSocketAddress(a, port)).toList());
            }
        });
    }

    /** A delivery to a refused address: recorded as the attempt's error, retried like any failure. */
    static final class TargetRefusedException extends Exception {
        TargetRefusedException(String message) {
            super(message, null, false, false);
        }
    }
}
