package io.ledgerlens.webhooks;

import io.ledgerlens.testsupport.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Name lookups on their own bounded pool: a name whose DNS never answers holds at most the pool. */
class HostLookupTest {
    private static final Duration T = Duration.ofSeconds(10);
    private final CountDownLatch dnsAnswers = new CountDownLatch(1);
    private final AtomicInteger blocked = new AtomicInteger();
    private final AtomicInteger mostBlocked = new AtomicInteger();

    /** "hangs.test" blocks until the test lets it go, as a name server that never answers does. */
    private final HostLookup.Resolver dns = host -> {
        if (host.equals("hangs.test")) {
            mostBlocked.accumulateAndGet(blocked.incrementAndGet(), Math::max);
            try {
                dnsAnswers.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                blocked.decrementAndGet();
            }
        }
        return new InetAddress[] {InetAddress.getByName("93.184.215.14")};
    };

    @AfterEach
    void letDnsAnswer() {
        dnsAnswers.countDown();
    }

    @Test
    void lookupsThatNeverAnswerTakeNoMoreThanThePoolAndTheRestAreRefusedAtOnce() {
        final HostLookup lookup = new HostLookup(dns, 2, 2);
        final List<CompletableFuture<List<InetAddress>>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(lookup.lookup("hangs.test", Duration.ofMillis(300)));
        }
        // 2 running, 2 queued, 16 refused without waiting.
        Poll.until("two lookups blocked in DNS", T, () -> blocked.get() == 2);
        assertThat(answers.subList(4, 20)).allSatisfy(a -> assertThatThrownBy(a::join)
                .hasMessageContaining("url host 'hangs.test' was not looked up: too many name lookups in progress"));
        assertThat(lookup.inProgress()).isLessThanOrEqualTo(4);
        assertThat(answers.subList(0, 4)).allSatisfy(a -> assertThatThrownBy(a::join)
                .hasMessageContaining("url host 'hangs.test' did not resolve within 300 ms"));
        assertThat(blocked).hasValue(2);

        // The timed-out queued lookups left the queue; the two threads stay held until DNS gives up.
        assertThat(lookup.inProgress()).isEqualTo(2);
        for (int round = 0; round < 3; round++) {
            assertThatThrownBy(() -> lookup.lookup("hangs.test", Duration.ofMillis(100)).join())
                    .hasMessageContaining("did not resolve within 100 ms");
        }
        assertThat(mostBlocked).hasValue(2);

        dnsAnswers.countDown();
        Poll.until("the blocked lookups to return", T, () -> blocked.get() == 0);
        assertThat(lookup.lookup("other.test", Duration.ofSeconds(2)).join()).hasSize(1);
    }

    @Test
    void anUnknownNameFailsWithItsName() {
        final HostLookup lookup = new HostLookup(host -> {
            throw new java.net.UnknownHostException(host);
        }, 1, 1);
        assertThatThrownBy(() -> lookup.lookup("nowhere.test", T).join())
                .hasMessageContaining("url host 'nowhere.test' does not resolve");
    }
}
