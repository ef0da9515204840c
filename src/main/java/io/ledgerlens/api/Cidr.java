package io.ledgerlens.api;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** A network in CIDR notation ({@code 10.0.0.0/8}, {@code ::1/128}); a bare address is its own /32 or /128. */
record Cidr(byte[] network, int prefix) {
    static Cidr parse(String text) {
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

    boolean contains(InetAddress address) {
        final byte[] a = address.getAddress();
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
