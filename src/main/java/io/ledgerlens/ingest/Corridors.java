package io.ledgerlens.ingest;

/** A payment corridor's key: {@code SOURCE~DESTINATION}, each asset in its canonical form ("~" is URL-safe). */
public final class Corridors {
    public static final char SEPARATOR = '~';

    private Corridors() {
    }

    public static String key(AssetId source, AssetId destination) {
        return source.canonical() + SEPARATOR + destination.canonical();
    }

    /** @return {source, destination}; throws IllegalArgumentException naming what is wrong */
    public static AssetId[] parse(String key) {
        final int at = key == null ? -1 : key.indexOf(SEPARATOR);
        if (at < 0 || key.indexOf(SEPARATOR, at + 1) >= 0) {
            throw new IllegalArgumentException("corridor key must be 'SOURCE~DESTINATION' with each asset 'native' "
                    + "or 'CODE:ISSUER', got '" + key + "'");
        }
        return new AssetId[] {AssetId.parse(key.substring(0, at)), AssetId.parse(key.substring(at + 1))};
    }
}
