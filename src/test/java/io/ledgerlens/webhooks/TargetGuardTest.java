package io.ledgerlens.webhooks;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetGuardTest {
    private static final Duration T = Duration.ofSeconds(3);
    private final TargetGuard guard = new TargetGuard(false);
    private final AtomicInteger lookups = new AtomicInteger();
    private final CountDownLatch dnsNeverAnswers = new CountDownLatch(1);

    /** A name server of the test's own: fixed answers, and one name that never answers. */
    private final HostLookup.Resolver dns = host -> {
        lookups.incrementAndGet();
        if (host.equals("hangs.test")) {
            try {
                dnsNeverAnswers.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new UnknownHostException(host);
        }
        final String address = Map.of("public.test", "93.184.215.14", "internal.test", "10.1.2.3",
                "metadata.test", "169.254.169.254", "mixed.test", "8.8.8.8").get(host);
        if (address == null) {
            throw new UnknownHostException(host);
        }
        return host.equals("mixed.test") ? new InetAddress[] {InetAddress.getByName(address),
            InetAddress.getByName("192.168.0.7")} : new InetAddress[] {InetAddress.getByName(address)};
    };

    @AfterEach
    void releaseDns() {
        dnsNeverAnswers.countDown();
    }

    private TargetGuard guard(boolean allowPrivate, Integer... extraPorts) {
        return new TargetGuard(allowPrivate, List.of(extraPorts), new HostLookup(dns, 2, 2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.0.0.1", "169.254.169.254", "::1", "::ffff:0:10.0.0.1",
        "64:ff9b:1::a00:1", "2002:c0a8:0101::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2"})
    void internalAddressesAreRefusedWithoutNamingThem(String address) throws Exception {
        assertThatThrownBy(() -> guard.checkAddress("example.test", 443, InetAddress.getByName(address)))
                .hasMessageContaining("resolves to a private or reserved address").hasMessageContaining("refused")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(address)
                        .doesNotContain(InetAddress.getByName(address).getHostAddress()));
    }

    @Test
    void withPrivateTargetsAllowedLoopbackPassesOnAnyPort() throws Exception {
        new TargetGuard(true).checkAddress("localhost", 41234, InetAddress.getByName("127.0.0.1"));
        guard(true).checkResolved(URI.create("http://internal.test:41234/hook"), T);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ftp://example.com/hook|must be http or https",
        "example.com/hook|must be http or https",
        "http:///hook|must name a host",
        "https://user:pw@example.com/hook|must not carry credentials",
        "https://example.com/hook#frag|must not have a fragment",
        "https://exa mple.com/|not a valid URI",
        "https://example.com:0/|port must be 1..65535",
        "https://example.com:70000/|port must be 1..65535",
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

    @ParameterizedTest
    @ValueSource(strings = {"http://public.test:22/", "http://public.test:25/", "https://public.test:6379/",
        "http://public.test:8080/hook", "https://public.test:8443/hook"})
    void portsOtherThan80And443AreRefusedBeforeAnyLookup(String url) {
        final TargetGuard guard = guard(false);
        assertThatThrownBy(() -> guard.checkUrl(url)).hasMessageContaining("port")
                .hasMessageContaining("is refused").hasMessageContaining("[80, 443]");
        assertThat(lookups).hasValue(0);
    }

    @Test
    void theDefaultPortsAndConfiguredOnesPass() {
        final TargetGuard guard = guard(false, 8443);
        for (String url : List.of("http://public.test/", "https://public.test/", "http://public.test:443/",
                "https://public.test:8443/hook")) {
            guard.checkResolved(guard.checkUrl(url), T);
        }
        assertThatThrownBy(() -> guard.checkUrl("https://public.test:9443/")).hasMessageContaining("[80, 443, 8443]");
    }

    @Test
    void withPrivateTargetsAllowedAPublicAddressStillKeepsThePortList() {
        final TargetGuard guard = guard(true);
        final URI uri = guard.checkUrl("http://public.test:22/");
        assertThatThrownBy(() -> guard.checkResolved(uri, T)).hasMessageContaining("port 22 is refused");
        guard.checkResolved(guard.checkUrl("http://internal.test:22/"), T);
    }

    @Test
    void aNameResolvingInsideIsRefusedWithoutTheAddress() {
        for (String host : List.of("internal.test", "metadata.test", "mixed.test")) {
            assertThatThrownBy(() -> guard(false).checkResolved(URI.create("https://" + host + "/hook"), T))
                    .hasMessage("webhook target " + host + " resolves to a private or reserved address (loopback, "
                            + "private, link-local or special-purpose); refused (webhooks.allowPrivateTargets is "
                            + "false)");
        }
    }

    @Test
    void aNameResolvingToLoopbackIsRefusedBeforeAnythingIsStored() {
        assertThatThrownBy(() -> guard.checkResolved(URI.create("http://localhost/hook"), T))
                .hasMessageContaining("localhost resolves to a private or reserved address")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("127.0.0.1").doesNotContain("::1"));
    }

    @Test
    void aNameThatDoesNotResolveIsRefused() {
        assertThatThrownBy(() -> guard(false).checkResolved(URI.create("http://no-such-host.invalid/hook"), T))
                .hasMessage("url host 'no-such-host.invalid' does not resolve");
    }

    @Test
    void aNameWhoseDnsNeverAnswersIsRefusedAfterTheTimeout() {
        final long start = System.nanoTime();
        assertThatThrownBy(() -> guard(false).checkResolved(URI.create("https://hangs.test/hook"),
                Duration.ofMillis(200))).hasMessage("url host 'hangs.test' did not resolve within 200 ms");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_000);
    }
}
