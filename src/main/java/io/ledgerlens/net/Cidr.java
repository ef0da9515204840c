package io.ledgerlens.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * A network in CIDR notation ({@code 10.0.0.0/8}, {@code ::1/128}); a bare address is its own /32 or /128. Used
 * for the addresses exempt from the per-address connection limit and for the blocks a webhook may not reach.
 */
public record Cidr(byte[] network, int prefix) {
    public Cidr {
        Objects.requireNonNull(network, "network");
        if (network.length != 4 && network.length != 16) {
            throw new IllegalArgumentException("a network is 4 or 16 bytes, got " + network.length);
        }
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("prefix length must be 0 to " + network.length * 8 + ", got " + prefix);
        }
        network = network.clone();
    }

    /** Parses a literal address or network; never looks a name up. */
    public static Cidr parse(String text) {
        final String s = text.strip();
        final int slash = s.indexOf('/');
        final String host = slash < 0 ? s : s.substring(0, slash);
        if (!host.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("not an IP address or network: '" + s + "'");
        }
        final byte[] address;
        try {
            address = InetAddress.getByName(host).getAddress();   // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address or network: '" + s + "'");
        }
        final int bits = address.length * 8;
        final int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length in '" + s + "'");
        }
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("prefix length of '" + s + "' must be 0 to " + bits);
        }
        return new Cidr(address, prefix);
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    /** True when {@code a} is an address of this network's family (4 or 16 bytes) with its first prefix bits. */
    public boolean contains(byte[] a) {
        if (a.length != network.length) {
            return false;
        }
        for (int i = 0; i < prefix; i++) {
            final int mask = 0x80 >>> (i % 8);
            if ((a[i / 8] & mask) != (network[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
