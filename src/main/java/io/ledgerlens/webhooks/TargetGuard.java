package io.ledgerlens.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The SSRF guard: which webhook targets may be called. A URL must be absolute http(s) with a host and no user
 * info; every address its host resolves to must be public ({@link PublicAddresses}); a public address may only be
 * called on port 80, 443 or one of {@code webhooks.allowedPorts}. With {@code webhooks.allowPrivateTargets} (tests,
 * local receivers) private addresses are allowed, on any port; public ones keep the port list. The check runs at
 * create/update time and again on every connect, on the addresses actually used ({@link GuardedResolver}), so a DNS
 * answer that changes later cannot reach inside. Refusals name the host and the rule, never the address the host
 * resolved to: the API must not tell a caller what internal names resolve to. Name lookups run on a bounded pool
 * with a timeout ({@link HostLookup}).
 */
public final class TargetGuard {
    static final int MAX_URL_LENGTH = 2048;
    static final Set<Integer> STANDARD_PORTS = Set.of(80, 443);

    private final boolean allowPrivate;
    private final Set<Integer> ports;
    private final HostLookup lookup;

    /** Ports 80 and 443 only, names looked up by the system resolver. */
    public TargetGuard(boolean allowPrivate) {
        this(allowPrivate, List.of(), HostLookup.system());
    }

    TargetGuard(boolean allowPrivate, Collection<Integer> extraPorts, HostLookup lookup) {
        this.allowPrivate = allowPrivate;
        final Set<Integer> allowed = new TreeSet<>(STANDARD_PORTS);
        allowed.addAll(extraPorts);
        this.ports = Collections.unmodifiableSet(allowed);
        this.lookup = lookup;
    }

    /** The guard {@code webhooks:} describes: its private-target switch and its extra ports. */
    public static TargetGuard of(WebhookConfig config) {
        return new TargetGuard(config.allowPrivateTargets(), config.allowedPorts(), HostLookup.system());
    }

    public boolean allowsPrivate() {
        return allowPrivate;
    }

    /** @return the URL, normalized; @throws IllegalArgumentException saying what is wrong with it */
    public URI checkUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("url is required");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw new IllegalArgumentException("url must be at most " + MAX_URL_LENGTH + " characters");
        }
        final URI uri;
        try {
            uri = new URI(url.strip()).normalize();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url is not a valid URI: " + e.getMessage());
        }
        final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("url must be http or https, got '" + url + "'");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("url must name a host, got '" + url + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("url must not carry credentials (user info)");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("url must not have a fragment");
        }
        final int port = port(uri);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("url port must be 1..65535");
        }
        if (!allowPrivate) {
            checkPort(port); // before any lookup: a refused port says nothing about the name
        }
        return uri;
    }

    /** Resolves the URL's host (bounded pool, with {@code timeout}) and checks every address it has. */
    public void checkResolved(URI uri, Duration timeout) {
        try {
            checkedAddresses(uri.getHost(), port(uri), timeout).get();
        } catch (ExecutionException e) {
            throw refusal(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("interrupted while resolving '" + uri.getHost() + "'");
        }
    }

    /**
     * Looks the host up and checks each address with the port; @return the addresses, all allowed, or a future
     * failed with an {@link IllegalArgumentException} (refused) or {@link HostLookup.Failed} (no usable answer)
     */
    CompletableFuture<List<InetAddress>> checkedAddresses(String host, int port, Duration timeout) {
        return lookup.lookup(host, timeout).thenApply(addresses -> {
            addresses.forEach(address -> checkAddress(host, port, address));
            return addresses;
        });
    }

    /** @throws IllegalArgumentException if the address may not be called on this port */
    public void checkAddress(String host, int port, InetAddress address) {
        final boolean isPublic = PublicAddresses.isPublic(address);
        if (!isPublic && !allowPrivate) {
            throw new IllegalArgumentException("webhook target " + host + " resolves to a private or reserved "
                    + "address (loopback, private, link-local or special-purpose); refused "
                    + "(webhooks.allowPrivateTargets is false)");
        }
        if (isPublic) {
            checkPort(port);
        }
    }

    private void checkPort(int port) {
        if (!ports.contains(port)) {
            throw new IllegalArgumentException("url port " + port + " is refused: webhooks may use ports "
                    + ports + " (80, 443 and webhooks.allowedPorts)");
        }
    }

    static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equals(uri.getScheme().toLowerCase(Locale.ROOT)) ? 443 : 80;
    }

    /** @return the reason a lookup-and-check failed, as the refusal to give the caller */
    static IllegalArgumentException refusal(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof IllegalArgumentException refused) {
            return refused;
        }
        if (cause instanceof HostLookup.Failed failed) {
            return new IllegalArgumentException(failed.getMessage());
        }
        return new IllegalArgumentException("url host could not be checked: " + cause.getClass().getSimpleName());
    }
}
