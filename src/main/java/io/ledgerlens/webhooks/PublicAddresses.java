package io.ledgerlens.webhooks;

import io.ledgerlens.net.Cidr;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Which addresses a webhook may reach: public unicast only. Follows the IANA IPv4 and IPv6 Special-Purpose Address
 * Registries: every block that is not globally reachable is refused, and so are the documentation, benchmarking and
 * protocol-assignment blocks, where no receiver lives. IPv6 addresses that carry an IPv4 address (IPv4-mapped,
 * IPv4-translated, IPv4-compatible, NAT64 well-known prefix, 6to4) are judged by that IPv4 address; other IPv6
 * addresses must be global unicast (2000::/3), which leaves out the local-use NAT64 prefix 64:ff9b:1::/48, the
 * discard prefix 100::/64, SRv6 SIDs 5f00::/16, unique-local fc00::/7, link-local, site-local and multicast.
 */
final class PublicAddresses {
    /** IPv4 blocks a webhook may not reach (RFC 6890 and the IANA registry, plus multicast and class E). */
    private static final List<Cidr> V4_REFUSED = List.of(
            block("0.0.0.0/8"),        // "this network"
            block("10.0.0.0/8"),       // private
            block("100.64.0.0/10"),    // shared address space (carrier-grade NAT)
            block("127.0.0.0/8"),      // loopback
            block("169.254.0.0/16"),   // link-local: cloud metadata services live here
            block("172.16.0.0/12"),    // private
            block("192.0.0.0/24"),     // IETF protocol assignments
            block("192.0.2.0/24"),     // documentation (TEST-NET-1)
            block("192.88.99.0/24"),   // 6to4 relay anycast (deprecated)
            block("192.168.0.0/16"),   // private
            block("198.18.0.0/15"),    // benchmarking
            block("198.51.100.0/24"),  // documentation (TEST-NET-2)
            block("203.0.113.0/24"),   // documentation (TEST-NET-3)
            block("224.0.0.0/4"),      // multicast
            block("240.0.0.0/4"));     // reserved, and 255.255.255.255 limited broadcast

    /** Global unicast: the only IPv6 space a webhook may reach, apart from the IPv4-carrying forms. */
    private static final Cidr V6_GLOBAL_UNICAST = block("2000::/3");

    /** Blocks inside 2000::/3 that are not for receivers. */
    private static final List<Cidr> V6_REFUSED = List.of(
            block("2001::/23"),        // IETF protocol assignments: Teredo 2001::/32 (its IPv4 is obfuscated),
                                       // benchmarking 2001:2::/48, ORCHID, AMT, AS112 and other anycast services
            block("2001:db8::/32"),    // documentation
            block("3fff::/20"));       // documentation (RFC 9637)

    private static final Cidr V4_MAPPED = block("::ffff:0:0/96");
    private static final Cidr V4_TRANSLATED = block("::ffff:0:0:0/96"); // RFC 2765 SIIT
    private static final Cidr V4_COMPATIBLE = block("::/96");            // deprecated; covers :: and ::1 as well
    private static final Cidr NAT64_WELL_KNOWN = block("64:ff9b::/96");  // RFC 6052
    private static final Cidr SIX_TO_FOUR = block("2002::/16");           // RFC 3056, IPv4 in bytes 2..5

    private PublicAddresses() {
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
            return isPublicV6(b);
        }
        return false;
    }

    private static boolean isPublicV4(byte[] b) {
        return V4_REFUSED.stream().noneMatch(block -> block.contains(b));
    }

    private static boolean isPublicV6(byte[] b) {
        if (V4_MAPPED.contains(b) || V4_TRANSLATED.contains(b) || V4_COMPATIBLE.contains(b)
                || NAT64_WELL_KNOWN.contains(b)) {
            return isPublicV4(new byte[] {b[12], b[13], b[14], b[15]});
        }
        if (SIX_TO_FOUR.contains(b)) {
            return isPublicV4(new byte[] {b[2], b[3], b[4], b[5]});
        }
        return V6_GLOBAL_UNICAST.contains(b) && V6_REFUSED.stream().noneMatch(block -> block.contains(b));
    }

    /** Unlike {@link Cidr#parse}, keeps an IPv4-mapped literal ({@code ::ffff:0:0/96}) as the 16 bytes it names. */
    private static Cidr block(String cidr) {
        final int slash = cidr.indexOf('/');
        try {
            // Literal addresses only: no name lookup happens here.
            final byte[] prefix = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
            final byte[] full = prefix.length == 4 && cidr.contains(":") ? toV6(prefix) : prefix;
            return new Cidr(full, Integer.parseInt(cidr.substring(slash + 1)));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(cidr, e);
        }
    }

    /** {@code ::ffff:0:0} comes back from the parser as 0.0.0.0; the block needs its 16 bytes. */
    private static byte[] toV6(byte[] v4) {
        final byte[] v6 = new byte[16];
        v6[10] = (byte) 0xff;
        v6[11] = (byte) 0xff;
        System.arraycopy(v4, 0, v6, 12, 4);
        return v6;
    }
}
