package io.ledgerlens.ws;

import io.ledgerlens.events.StoredEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChannelsTest {
    private static final String ISSUER = "G" + "A".repeat(55);
    private static final String POOL = "0123456789abcdef".repeat(4);

    @Test
    void validNamesAreAcceptedInCanonicalForm() {
        assertThat(Channels.parse("ledgers")).isEqualTo("ledgers");
        assertThat(Channels.parse("corridors")).isEqualTo("corridors");
        assertThat(Channels.parse("corridors:native~USD:" + ISSUER)).isEqualTo("corridors:native~USD:" + ISSUER);
        assertThat(Channels.parse("pools:" + POOL)).isEqualTo("pools:" + POOL);
        assertThat(Channels.parse("assets:ABCDEFGHIJKL:" + ISSUER)).isEqualTo("assets:ABCDEFGHIJKL:" + ISSUER);
    }

    @Test
    void invalidNamesAreRefusedSayingWhy() {
        assertThatThrownBy(() -> Channels.parse("ledger")).hasMessageContaining("unknown channel 'ledger'");
        assertThatThrownBy(() -> Channels.parse("ledgers:5")).hasMessageContaining("unknown channel");
        assertThatThrownBy(() -> Channels.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> Channels.parse("pools:" + POOL.substring(1))).hasMessageContaining("64 lowercase hex");
        assertThatThrownBy(() -> Channels.parse("pools:" + POOL.toUpperCase())).hasMessageContaining("64 lowercase hex");
        assertThatThrownBy(() -> Channels.parse("corridors:native")).hasMessageContaining("SOURCE~DESTINATION");
        assertThatThrownBy(() -> Channels.parse("corridors:native~USD:GBAD")).hasMessageContaining("issuer");
        assertThatThrownBy(() -> Channels.parse("assets:ABCDEFGHIJKLM:" + ISSUER)).hasMessageContaining("1 to 12");
        assertThatThrownBy(() -> Channels.parse("assets:native")).hasMessageContaining("native asset");
        assertThatThrownBy(() -> Channels.parse("x".repeat(1000))).hasMessageContaining("...'");
    }

    @Test
    void anEventGoesToItsFamilyAndItsSubjectChannel() {
        final StoredEvent pool = event("pool.updated", POOL);
        assertThat(Channels.familyOf(pool)).isEqualTo("pools");
        assertThat(Channels.channelOf(pool)).isEqualTo("pools:" + POOL);
        assertThat(Channels.channelOf(event("ledger.closed", "77"))).isEqualTo("ledgers");
        assertThat(Channels.familyOf(event("webhook.something", "x"))).isNull();
    }

    @Test
    void aSubscriberWantsWhatItsChannelsCover() {
        final Subscriber family = new Subscriber(null, 0, 0);
        family.add(List.of("pools"));
        final Subscriber one = new Subscriber(null, 0, 0);
        one.add(List.of("pools:" + POOL, "ledgers"));
        final StoredEvent mine = event("pool.updated", POOL);
        final StoredEvent other = event("pool.updated", "f".repeat(64));
        assertThat(family.wants(mine)).isTrue();
        assertThat(family.wants(other)).isTrue();
        assertThat(one.wants(mine)).isTrue();
        assertThat(one.wants(other)).isFalse();
        assertThat(one.wants(event("ledger.closed", "1"))).isTrue();
        assertThat(family.wants(event("ledger.closed", "1"))).isFalse();
        assertThat(one.wants(event("webhook.something", POOL))).isFalse();
    }

    private static StoredEvent event(String type, String subject) {
        return new StoredEvent(1, type, subject, "{}", Instant.EPOCH);
    }
}
