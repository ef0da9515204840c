package io.ledgerlens.cache;

/**
 * What a cached response is about. {@link #LEDGER} is a stored ledger and its payments, which never change: plain
 * keys with a long TTL. The others change with the jobs' commits: one Redis hash per kind (field = the request),
 * so an invalidation is a single DEL and never a KEYS scan.
 */
public enum CacheKind {
    LEDGER(false), LEDGERS(true), CORRIDORS(true), POOLS(true), ASSETS(true);

    private final boolean mutable;

    CacheKind(boolean mutable) {
        this.mutable = mutable;
    }

    public boolean mutable() {
        return mutable;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The Redis hash that holds every cached response of a mutable kind. */
    public String hashKey() {
        return "ledgerlens:v1:cache:" + label();
    }

    /** The Redis key of one immutable response. */
    public String key(String request) {
        return "ledgerlens:v1:cache:" + label() + ":" + request;
    }
}
