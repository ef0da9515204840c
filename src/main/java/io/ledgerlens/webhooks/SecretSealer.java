package io.ledgerlens.webhooks;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Webhook signing secrets as stored: {@code sealed:<key id>:<base64url(iv | AES-256-GCM ciphertext and tag)>} when a
 * key is configured, the secret itself when none is. The subscription's id is the associated data, so a sealed value
 * copied onto another subscription does not open. Values sealed with an older key open while that key is listed as
 * previous; {@link #needsReseal} tells which stored values to write again with the current key.
 */
public final class SecretSealer {
    static final String PREFIX = "sealed:";
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,16}");
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** No key: secrets are stored as they are. */
    public static final SecretSealer PLAIN = new SecretSealer(null, Map.of());

    private final String currentId;
    private final Map<String, SecretKeySpec> keys;

    private SecretSealer(String currentId, Map<String, SecretKeySpec> keys) {
        this.currentId = currentId;
        this.keys = keys;
    }

    /**
     * @param current  {@code <id>:<base64 of 32 bytes>}, or empty for no encryption
     * @param previous the same form, comma-separated: keys that only open what they sealed before a rotation
     * @throws IllegalArgumentException naming what is wrong with a key (never the key itself)
     */
    public static SecretSealer of(String current, String previous) {
        if (current.isBlank()) {
            if (!previous.isBlank()) {
                throw new IllegalArgumentException("previous secrets keys are set but no current key");
            }
            return PLAIN;
        }
        final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        final String currentId = parse(current.strip(), keys);
        for (String key : previous.split(",")) {
            if (!key.isBlank()) {
                parse(key.strip(), keys);
            }
        }
        return new SecretSealer(currentId, Map.copyOf(keys));
    }

    private static String parse(String key, Map<String, SecretKeySpec> into) {
        final int colon = key.indexOf(':');
        final String id = colon < 0 ? "" : key.substring(0, colon);
        if (!KEY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a secrets key must be <id>:<base64 of 32 bytes>, the id 1 to 16 "
                    + "letters, digits, _ or -; got one with id '" + (id.length() > 16 ? id.substring(0, 16) : id) + "'");
        }
        final byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(key.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("secrets key '" + id + "' is not base64");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException("secrets key '" + id + "' has " + bytes.length
                    + " bytes; AES-256 needs 32 (openssl rand -base64 32)");
        }
        if (into.put(id, new SecretKeySpec(bytes, "AES")) != null) {
            throw new IllegalArgumentException("secrets key id '" + id + "' is given twice");
        }
        return id;
    }

    public boolean encrypts() {
        return currentId != null;
    }

    /** The stored form of {@code secret} for subscription {@code id}. */
    public String seal(String id, String secret) {
        if (currentId == null) {
            return secret;
        }
        final byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        final byte[] sealed = crypt(Cipher.ENCRYPT_MODE, keys.get(currentId), iv, id,
                secret.getBytes(StandardCharsets.UTF_8));
        final byte[] out = ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        return PREFIX + currentId + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    /**
     * The secret of subscription {@code id} from its stored form.
     * @throws IllegalStateException when it was sealed with a key not configured, or does not open (altered, or
     *                               another subscription's)
     */
    public String open(String id, String stored) {
        final Optional<String> keyId = keyId(stored);
        if (keyId.isEmpty()) {
            return stored;
        }
        final SecretKeySpec key = keys.get(keyId.get());
        if (key == null) {
            throw new IllegalStateException("the signing secret of " + id + " is sealed with key '" + keyId.get()
                    + "', which is neither webhooks.secretsKey nor among webhooks.previousSecretsKeys");
        }
        final byte[] in = Base64.getUrlDecoder().decode(stored.substring(PREFIX.length() + keyId.get().length() + 1));
        final byte[] iv = java.util.Arrays.copyOf(in, IV_BYTES);
        final byte[] body = java.util.Arrays.copyOfRange(in, IV_BYTES, in.length);
        return new String(crypt(Cipher.DECRYPT_MODE, key, iv, id, body), StandardCharsets.UTF_8);
    }

    /** True when the stored value is not sealed with the current key (plain, or an older key). */
    public boolean needsReseal(String stored) {
        return currentId != null && !keyId(stored).equals(Optional.of(currentId));
    }

    /** The key a stored value was sealed with; empty for a plain secret. */
    static Optional<String> keyId(String stored) {
        if (!stored.startsWith(PREFIX)) {
            return Optional.empty();
        }
        final int end = stored.indexOf(':', PREFIX.length());
        return end < 0 ? Optional.empty() : Optional.of(stored.substring(PREFIX.length(), end));
    }

    private static byte[] crypt(int mode, SecretKeySpec key, byte[] iv, String id, byte[] input) {
        try {
            final Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(id.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("the signing secret of " + id + " does not open with its key: altered, "
                    + "or copied from another subscription");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed for " + id, e);
        }
    }
}
