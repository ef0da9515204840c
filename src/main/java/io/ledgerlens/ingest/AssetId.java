package io.ledgerlens.ingest;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Stellar asset as Horizon names it: {@code native}, or a code (1-12 alphanumerics) and an issuer account.
 * The canonical text form is {@code native} or {@code CODE:ISSUER}.
 */
public record AssetId(String type, String code, String issuer) {
    public static final AssetId NATIVE = new AssetId("native", null, null);
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9]{1,12}");
    private static final Pattern ACCOUNT = Pattern.compile("G[A-Z2-7]{55}");

    public AssetId {
        Objects.requireNonNull(type, "asset type");
        if (type.equals("native")) {
            if (code != null || issuer != null) {
                throw new IllegalArgumentException("the native asset has no code or issuer");
            }
        } else {
            if (code == null || !CODE.matcher(code).matches()) {
                throw new IllegalArgumentException("asset code must be 1 to 12 letters or digits, got '" + code + "'");
            }
            if (issuer == null || !ACCOUNT.matcher(issuer).matches()) {
                throw new IllegalArgumentException("asset issuer must be a G... account id of 56 characters, got '"
                        + issuer + "'");
            }
        }
    }

    /** A credit asset; the type follows from the code's length, as in Horizon. */
    public static AssetId credit(String code, String issuer) {
        final String type = code != null && code.length() > 4 ? "credit_alphanum12" : "credit_alphanum4";
        return new AssetId(type, code, issuer);
    }

    /** Parses {@code native} or {@code CODE:ISSUER}; throws IllegalArgumentException naming the problem. */
    public static AssetId parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("asset must be 'native' or 'CODE:ISSUER', got nothing");
        }
        if (text.equals("native")) {
            return NATIVE;
        }
        final int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("asset must be 'native' or 'CODE:ISSUER', got '" + text + "'");
        }
        return credit(text.substring(0, colon), text.substring(colon + 1));
    }

    public boolean isNative() {
        return type.equals("native");
    }

    public String canonical() {
        return isNative() ? "native" : code + ":" + issuer;
    }

    @Override
    public String toString() {
        return canonical();
    }

    // Written out: a record's generated equals and hashCode are built from method handles the first time they run,
    // and the simulated network compares assets while the service starts.
    @Override
    public boolean equals(Object other) {
        return other instanceof AssetId that && type.equals(that.type) && Objects.equals(code, that.code)
                && Objects.equals(issuer, that.issuer);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, code, issuer);
    }
}
