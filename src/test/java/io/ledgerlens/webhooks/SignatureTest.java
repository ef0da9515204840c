package io.ledgerlens.webhooks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignatureTest {
    private static final String SECRET = "whsec_test";
    private static final String BODY = "{\"id\":\"wh_1:7\",\"type\":\"ledger.closed\"}";

    @Test
    void theHeaderIsTheHmacOfTimestampDotBody() {
        // The same value as: printf '%s' '1700000000.{"id":"wh_1:7","type":"ledger.closed"}'
        //   | openssl dgst -sha256 -hmac whsec_test
        assertThat(Signature.header(SECRET, 1_700_000_000L, BODY))
                .isEqualTo("t=1700000000,v1=f0cd2fa109c703ed2bfa4ad7e5293cdf69b5cef7c280428d070cc76b10ce369c");
    }

    @Test
    void verifyAcceptsTheSignedBodyOnly() {
        final String header = Signature.header(SECRET, 1_700_000_000L, BODY);
        assertThat(Signature.verify(SECRET, header, BODY)).isTrue();
        assertThat(Signature.verify(SECRET, header, BODY.replace("7", "8"))).isFalse();
        assertThat(Signature.verify("whsec_other", header, BODY)).isFalse();
        assertThat(Signature.verify(SECRET, header.replace("t=1700000000", "t=1700000001"), BODY)).isFalse();
        assertThat(Signature.verify(SECRET, "v1=abc", BODY)).isFalse();
        assertThat(Signature.verify(SECRET, null, BODY)).isFalse();
    }

    @Test
    void aReceiverRefusesASignatureOlderOrNewerThanItsTolerance() {
        final long t = 1_800_000_000L;
        final String header = Signature.header("whsec_k", t, "{}");
        final java.time.Instant signedAt = java.time.Instant.ofEpochSecond(t);
        final java.time.Duration five = Signature.DEFAULT_TOLERANCE;
        assertThat(Signature.verify("whsec_k", header, "{}", signedAt.plus(five), five)).isTrue();
        assertThat(Signature.verify("whsec_k", header, "{}", signedAt.minus(five), five)).isTrue();
        assertThat(Signature.verify("whsec_k", header, "{}", signedAt.plus(five).plusSeconds(1), five))
                .as("a replay after the tolerance").isFalse();
        assertThat(Signature.verify("whsec_k", header, "{}", signedAt.minus(five).minusSeconds(1), five)).isFalse();
        assertThat(Signature.verify("whsec_k", header, "{} ", signedAt, five)).as("another body").isFalse();
        assertThat(Signature.verify("whsec_k", "t=abc,v1=00", "{}", signedAt, five)).isFalse();
    }
}
