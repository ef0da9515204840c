package io.ledgerlens.webhooks;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Identifiers and signing secrets of subscriptions, from a {@link SecureRandom}. */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** {@code wh_} and 16 hex characters. */
    public static String subscriptionId() {
        return "wh_" + HexFormat.of().formatHex(bytes(8));
    }

    /** {@code whsec_} and 256 random bits, base64url. */
    public static String signingSecret() {
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(32));
    }

    /** A short random suffix that keeps ids made in the same millisecond apart. */
    public static String suffix() {
        return HexFormat.of().formatHex(bytes(3));
    }

    private static byte[] bytes(int n) {
        final byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
