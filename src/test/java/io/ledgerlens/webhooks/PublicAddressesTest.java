package io.ledgerlens.webhooks;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** Each address form the SSRF guard refuses, named, and public addresses in the same forms that pass. */
class PublicAddressesTest {
    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
        // IPv4 (IANA IPv4 Special-Purpose Address Registry, multicast, class E)
        "0.0.0.0|this network", "0.1.2.3|this network", "10.0.0.1|private 10/8", "172.16.0.1|private 172.16/12",
        "172.31.255.255|private 172.16/12", "192.168.1.1|private 192.168/16", "127.0.0.1|loopback",
        "127.255.0.1|loopback", "169.254.169.254|link-local, cloud metadata", "100.64.0.1|carrier-grade NAT",
        "100.127.255.255|carrier-grade NAT", "192.0.0.8|IETF protocol assignments", "192.0.2.1|TEST-NET-1",
        "198.51.100.7|TEST-NET-2", "203.0.113.9|TEST-NET-3", "192.88.99.1|6to4 relay anycast",
        "198.18.0.1|benchmarking", "198.19.255.255|benchmarking", "224.0.0.1|multicast", "239.1.2.3|multicast",
        "240.0.0.1|reserved class E", "255.255.255.255|limited broadcast",
        // IPv6 native
        "::1|IPv6 loopback", "::|IPv6 unspecified", "fe80::1|IPv6 link-local", "fec0::1|IPv6 site-local",
        "fc00::1|unique-local", "fd12:3456::1|unique-local", "ff02::1|IPv6 multicast", "2001:db8::1|documentation",
        "3fff::1|documentation 3fff::/20", "100::1|discard-only 100::/64", "5f00::1|SRv6 SIDs 5f00::/16",
        "4000::1|outside global unicast 2000::/3", "2001:2::1|benchmarking 2001:2::/48",
        "2001:10::1|ORCHID", "2001:1::1|IETF protocol assignments 2001::/23",
        // IPv4 carried in IPv6
        "::ffff:10.0.0.1|IPv4-mapped", "::ffff:127.0.0.1|IPv4-mapped", "::ffff:169.254.169.254|IPv4-mapped",
        "::ffff:0:10.0.0.1|IPv4-translated", "::ffff:0:127.0.0.1|IPv4-translated",
        "::ffff:0:169.254.169.254|IPv4-translated", "::ffff:0:192.168.0.1|IPv4-translated",
        "::10.0.0.1|IPv4-compatible", "::127.0.0.1|IPv4-compatible",
        "64:ff9b::7f00:1|NAT64 well-known prefix", "64:ff9b::a9fe:a9fe|NAT64 well-known prefix",
        "64:ff9b::10.1.2.3|NAT64 well-known prefix", "64:ff9b::192.168.0.1|NAT64 well-known prefix",
        "64:ff9b:1::a00:1|NAT64 local-use 64:ff9b:1::/48", "64:ff9b:1::808:808|NAT64 local-use 64:ff9b:1::/48",
        "64:ff9b:1:abcd::1|NAT64 local-use 64:ff9b:1::/48", "64:ff9b:1:ffff:ffff:ffff:ffff:ffff|NAT64 local-use",
        "2002:7f00:1::1|6to4 of loopback", "2002:a9fe:a9fe::1|6to4 of link-local", "2002:0a00:0001::|6to4 of 10/8",
        "2002:c0a8:0101::1|6to4 of 192.168/16", "2002:c000:0201::1|6to4 of TEST-NET-1",
        "2001:0:4136:e378:8000:63bf:3fff:fdd2|Teredo", "2001::1|Teredo"})
    void refused(String address, String form) throws Exception {
        assertThat(PublicAddresses.isPublic(InetAddress.getByName(address))).as(form).isFalse();
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
        "1.1.1.1|IPv4", "8.8.8.8|IPv4", "172.15.255.255|just below 172.16/12", "172.32.0.1|just above 172.16/12",
        "100.63.255.255|just below CGNAT", "100.128.0.1|just above CGNAT", "169.253.0.1|next to link-local",
        "192.169.0.1|next to 192.168/16", "198.17.255.255|below benchmarking", "198.20.0.1|above benchmarking",
        "192.0.3.1|next to TEST-NET-1", "203.0.114.1|next to TEST-NET-3", "223.255.255.254|below multicast",
        "2606:4700::1111|IPv6 global unicast", "2001:4860:4860::8888|IPv6 global unicast",
        "2001:200::1|just past 2001::/23", "3ffe::1|below 3fff::/20",
        "::ffff:8.8.8.8|IPv4-mapped public", "::ffff:0:8.8.8.8|IPv4-translated public",
        "2002:0808:0808::1|6to4 of public", "64:ff9b::8.8.8.8|NAT64 well-known prefix of public"})
    void allowed(String address, String form) throws Exception {
        assertThat(PublicAddresses.isPublic(InetAddress.getByName(address))).as(form).isTrue();
    }
}
