package io.ledgerlens.webhooks;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretSealerTest {
    static final String K1 = "k1:" + Base64.getEncoder().encodeToString(new byte[32]);
    static final String K2 = "k2:" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    private static final String SECRET = Secrets.signingSecret();

    @Test
    void sealsSoThatOnlyTheKeyAndTheSameSubscriptionOpenIt() {
        final SecretSealer sealer = SecretSealer.of(K1, "");
        final String stored = sealer.seal("wh_1", SECRET);
        assertThat(stored).startsWith("sealed:k1:").doesNotContain(SECRET.substring("whsec_".length(), 20));
        assertThat(stored.length()).as("fits the column").isLessThanOrEqualTo(255);
        assertThat(sealer.seal("wh_1", SECRET)).as("a fresh IV each time").isNotEqualTo(stored);
        assertThat(sealer.open("wh_1", stored)).isEqualTo(SECRET);
        assertThatThrownBy(() -> sealer.open("wh_2", stored)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("copied from another subscription");
        final char last = stored.charAt(stored.length() - 5);
        final String altered = stored.substring(0, stored.length() - 5) + (last == 'A' ? 'B' : 'A')
                + stored.substring(stored.length() - 4);
        assertThatThrownBy(() -> sealer.open("wh_1", altered)).hasMessageContaining("altered");
    }

    @Test
    void withoutAKeySecretsStayAsTheyAreAndSealedOnesCannotBeRead() {
        assertThat(SecretSealer.PLAIN.seal("wh_1", SECRET)).isEqualTo(SECRET);
        assertThat(SecretSealer.PLAIN.open("wh_1", SECRET)).isEqualTo(SECRET);
        assertThat(SecretSealer.PLAIN.needsReseal(SECRET)).isFalse();
        final String sealed = SecretSealer.of(K1, "").seal("wh_1", SECRET);
        assertThatThrownBy(() -> SecretSealer.PLAIN.open("wh_1", sealed)).hasMessageContaining("key 'k1'");
    }

    @Test
    void aRotationOpensWhatTheOldKeySealedAndSealsWithTheNewOne() {
        final String old = SecretSealer.of(K1, "").seal("wh_1", SECRET);
        final SecretSealer rotated = SecretSealer.of(K2, K1);
        assertThat(rotated.needsReseal(old)).isTrue();
        assertThat(rotated.needsReseal(SECRET)).as("plain").isTrue();
        assertThat(rotated.open("wh_1", old)).isEqualTo(SECRET);
        final String resealed = rotated.seal("wh_1", rotated.open("wh_1", old));
        assertThat(resealed).startsWith("sealed:k2:");
        assertThat(rotated.needsReseal(resealed)).isFalse();
        assertThatThrownBy(() -> SecretSealer.of(K2, "").open("wh_1", old)).hasMessageContaining("key 'k1'")
                .hasMessageContaining("previousSecretsKeys");
    }

    @Test
    void badKeysAreRefusedWithWhatIsWrongButNeverTheKey() {
        final String short16 = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> SecretSealer.of("k1:" + short16, "")).hasMessageContaining("16 bytes")
                .hasMessageNotContaining(short16);
        assertThatThrownBy(() -> SecretSealer.of("k1:not base64!", "")).hasMessageContaining("not base64");
        assertThatThrownBy(() -> SecretSealer.of(Base64.getEncoder().encodeToString(new byte[32]), ""))
                .hasMessageContaining("<id>:<base64 of 32 bytes>");
        assertThatThrownBy(() -> SecretSealer.of(K1, K1)).hasMessageContaining("given twice");
        assertThatThrownBy(() -> SecretSealer.of("", K1)).hasMessageContaining("no current key");
        assertThat(SecretSealer.of(" ", "").encrypts()).isFalse();
    }
}
