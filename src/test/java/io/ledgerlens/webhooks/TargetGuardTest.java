package io.ledgerlens.webhooks;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetGuardTest {
    private final TargetGuard guard = new TargetGuard(false);

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.255.0.1", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1",
        "169.254.169.254", "100.64.0.1", "100.127.255.255", "0.0.0.0", "0.1.2.3", "224.0.0.1", "255.255.255.255",
        "192.0.0.8", "198.18.0.1", "198.19.255.255", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1",
        "::ffff:10.0.0.1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "ff02::1", "2001:db8::1",
        "2002:7f00:1::1", "2002:a9fe:a9fe::1", "2002:0a00:0001::", "64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe",
        "64:ff9b::10.1.2.3", "2001:0:4136:e378:8000:63bf:3fff:fdd2"})
    void internalAndReservedAddressesAreRefused(String address) throws Exception {
        assertThat(TargetGuard.isPublic(InetAddress.getByName(address))).isFalse();
        assertThatThrownBy(() -> guard.checkAddress("example.test", InetAddress.getByName(address)))
                .hasMessageContaining("refused");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1.1.1", "8.8.8.8", "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1",
        "169.253.0.1", "192.169.0.1", "198.17.255.255", "198.20.0.1", "223.255.255.254", "2606:4700::1111",
        "::ffff:8.8.8.8", "2002:0808:0808::1", "64:ff9b::8.8.8.8", "2001:4860:4860::8888"})
    void publicAddressesPass(String address) throws Exception {
        assertThat(TargetGuard.isPublic(InetAddress.getByName(address))).isTrue();
    }

    @Test
    void withPrivateTargetsAllowedLoopbackPasses() throws Exception {
        new TargetGuard(true).checkAddress("localhost", InetAddress.getByName("127.0.0.1"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ftp://example.com/hook|must be http or https",
        "example.com/hook|must be http or https",
        "http:///hook|must name a host",
        "https://user:pw@example.com/hook|must not carry credentials",
        "https://example.com/hook#frag|must not have a fragment",
        "https://exa mple.com/|not a valid URI",
        "'   '|url is required"})
    void malformedUrlsAreRefusedWithTheReason(String url, String reason) {
        assertThatThrownBy(() -> guard.checkUrl(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void aUrlLongerThanTheLimitIsRefused() {
        final String base = "https://example.com/";
        assertThat(guard.checkUrl(base + "a".repeat(TargetGuard.MAX_URL_LENGTH - base.length()))).isNotNull();
        assertThatThrownBy(() -> guard.checkUrl(base + "a".repeat(TargetGuard.MAX_URL_LENGTH - base.length() + 1)))
                .hasMessageContaining("at most 2048");
    }

    @Test
    void aNameResolvingToLoopbackIsRefusedBeforeAnythingIsStored() {
        assertThatThrownBy(() -> guard.checkResolved(URI.create("http://localhost:8080/hook"), Duration.ofSeconds(3)))
                .hasMessageContaining("localhost resolves to").hasMessageContaining("refused");
    }

    @Test
    void aNameThatDoesNotResolveIsRefused() {
        assertThatThrownBy(() -> guard.checkResolved(URI.create("http://no-such-host.invalid/hook"),
                Duration.ofSeconds(3))).hasMessageContaining("no-such-host.invalid");
    }
}
