package io.ledgerlens.ws;

import io.ledgerlens.events.EventType;
import io.ledgerlens.events.StoredEvent;
import io.ledgerlens.ingest.AssetId;
import io.ledgerlens.ingest.Corridors;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The channel names a client may subscribe to, and the channel each stored event belongs to. A family channel
 * ({@code corridors}) carries every event of its kind; a subject channel ({@code corridors:<key>}) the events of
 * one corridor, pool or asset. Ledgers have no subject channel: every ledger is of interest to the same clients.
 */
final class Channels {
    static final String LEDGERS = "ledgers";
    static final String CORRIDORS = "corridors";
    static final String POOLS = "pools";
    static final String ASSETS = "assets";
    private static final Pattern POOL_ID = Pattern.compile("[0-9a-f]{64}");
    private static final Map<String, String> FAMILY_OF_TYPE = Map.of(
            EventType.LEDGER_CLOSED.label(), LEDGERS,
            EventType.CORRIDOR_UPDATED.label(), CORRIDORS,
            EventType.POOL_UPDATED.label(), POOLS,
            EventType.ASSET_UPDATED.label(), ASSETS);

    private Channels() {
    }

    /**
     * @return the channel in its canonical form
     * @throws IllegalArgumentException naming what is wrong with it
     */
    static String parse(String channel) {
        if (channel == null || channel.isBlank()) {
            throw new IllegalArgumentException("a channel name is empty");
        }
        final int colon = channel.indexOf(':');
        final String family = colon < 0 ? channel : channel.substring(0, colon);
        if (colon < 0) {
            if (FAMILY_OF_TYPE.containsValue(family)) {
                return family;
            }
            throw unknown(channel);
        }
        final String subject = channel.substring(colon + 1);
        switch (family) {
            case CORRIDORS -> {
                final AssetId[] assets = Corridors.parse(subject);
                return CORRIDORS + ":" + Corridors.key(assets[0], assets[1]);
            }
            case POOLS -> {
                if (!POOL_ID.matcher(subject).matches()) {
                    throw new IllegalArgumentException("pool id must be 64 lowercase hex characters, got '"
                            + subject + "'");
                }
                return POOLS + ":" + subject;
            }
            case ASSETS -> {
                final AssetId asset = AssetId.parse(subject);
                if (asset.isNative()) {
                    throw new IllegalArgumentException("asset channels are for 'CODE:ISSUER' assets; the native "
                            + "asset has no asset.updated events");
                }
                return ASSETS + ":" + asset.canonical();
            }
            default -> throw unknown(channel);
        }
    }

    private static IllegalArgumentException unknown(String channel) {
        return new IllegalArgumentException("unknown channel '" + abbreviate(channel) + "': channels are ledgers, "
                + "corridors, corridors:<SOURCE~DESTINATION>, pools, pools:<64-hex id>, assets, assets:<CODE:ISSUER>");
    }

    /** The family channel of an event ({@code ledgers}, {@code corridors}, ...), or null for a type not served. */
    static String familyOf(StoredEvent event) {
        return FAMILY_OF_TYPE.get(event.type());
    }

    /** The most specific channel of an event: {@code ledgers}, or {@code <family>:<subject>}. */
    static String channelOf(StoredEvent event) {
        final String family = familyOf(event);
        if (family == null || family.equals(LEDGERS)) {
            return family;
        }
        return family + ":" + event.subject();
    }

    static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
