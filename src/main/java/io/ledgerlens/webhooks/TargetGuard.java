package io.ledgerlens.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.Locale;

/**
 * The SSRF guard: which webhook targets may be called. A URL must be absolute http(s) with a host and no user
 * info; an address must be public: loopback, private (RFC 1918, unique-local IPv6), link-local (cloud metadata
 * services live there), carrier-grade NAT, multicast, "this network" and reserved ranges are refused, including
 * when they are carried inside IPv6 (IPv4-mapped, 6to4, NAT64; Teredo is refused whole). The address check runs at create/update time and again on every connect, on
 * the addresses actually used ({@link GuardedResolver}), so a DNS answer that changes later cannot reach inside.
 */
public final class TargetGuard {
    static final int MAX_URL_LENGTH = 2048;
    private final boolean allowPrivate;

    public TargetGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
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
        return uri;
    }

    /** Resolves the URL's host (bounded: DNS can hang) and checks every address it has. */
    public void checkResolved(URI uri, Duration timeout) {
        final String host = uri.getHost();
        final InetAddress[] addresses;
        try {
            addresses = CompletableFuture.supplyAsync(() -> {
                try {
                    return InetAddress.getAllByName(host);
                } catch (UnknownHostException e) {
                    throw new IllegalArgumentException("url host '" + host + "' does not resolve");
                }
            }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IllegalArgumentException refused ? refused
                    : new IllegalArgumentException("url host '" + host + "' could not be resolved: " + e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalArgumentException("url host '" + host + "' did not resolve within " + timeout.toMillis()
                    + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("interrupted while resolving '" + host + "'");
        }
        for (InetAddress address : addresses) {
            checkAddress(host, address);
        }
    }

    /** @throws IllegalArgumentException if the address may not be called */
    public void checkAddress(String host, InetAddress address) {
        if (!allowPrivate && !isPublic(address)) {
            throw new IllegalArgumentException("webhook target " + host + " resolves to " + address.getHostAddress()
                    + ", a loopback, private, link-local or reserved address; refused (webhooks.allowPrivateTargets "
                    + "is false)");
        }
    }

    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        final byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return isPublicV4(b);
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return false; // fc00::/7 unique local
            }
            if (isMappedOrCompatibleV4(b) || isNat64(b)) {
                return isPublicV4(new byte[] {b[12], b[13], b[14], b[15]});
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
                return isPublicV4(new byte[] {b[2], b[3], b[4], b[5]}); // 2002::/16 6to4 carries an IPv4 address
            }
            final int first32 = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
            return first32 != 0x20010db8   // 2001:db8::/32 documentation
                    && first32 != 0x20010000; // 2001::/32 Teredo: the IPv4 inside is obfuscated, refuse it whole
        }
        return false;
    }

    private static boolean isPublicV4(byte[] b) {
        final int a0 = b[0] & 0xff;
        final int a1 = b[1] & 0xff;
        return !(a0 == 0 || a0 == 10 || a0 == 127 || a0 >= 224          // this network, private, loopback, multicast+
                || (a0 == 100 && a1 >= 64 && a1 <= 127)               // 100.64.0.0/10 carrier-grade NAT
                || (a0 == 169 && a1 == 254)                           // link-local, cloud metadata
                || (a0 == 172 && a1 >= 16 && a1 <= 31)
                || (a0 == 192 && a1 == 168)
                || (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0)       // 192.0.0.0/24 protocol assignments
                || (a0 == 198 && (a1 == 18 || a1 == 19)));            // 198.18.0.0/15 benchmarking
    }

    /** 64:ff9b::/96, the well-known NAT64 prefix: the last 4 bytes are the IPv4 address reached. */
    private static boolean isNat64(byte[] b) {
        if ((b[0] & 0xff) != 0x00 || (b[1] & 0xff) != 0x64 || (b[2] & 0xff) != 0xff || (b[3] & 0xff) != 0x9b) {
            return false;
        }
        for (int i = 4; i < 12; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isMappedOrCompatibleV4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0);
    }
}
