package io.ledgerlens.api;

import io.ledgerlens.ingest.AssetId;
import io.ledgerlens.ingest.Corridors;

import java.util.regex.Pattern;

/** Parsing of path and query parameters; every refusal names the parameter, the value and the rule. */
final class Params {
    private static final Pattern POSITIVE = Pattern.compile("[1-9][0-9]{0,18}");
    private static final Pattern INDEX = Pattern.compile("0|[1-9][0-9]{0,9}");
    private static final Pattern POOL_ID = Pattern.compile("[0-9a-f]{64}");

    private Params() {
    }

    static long sequence(String name, String value) {
        if (value == null || !POSITIVE.matcher(value).matches()) {
            throw ApiErrors.badRequest(name + " must be a positive integer ledger sequence, got '" + value + "'");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiErrors.badRequest(name + " is too large: '" + value + "'");
        }
    }

    /** An optional sequence cursor: null when absent or empty. */
    static Long cursor(String value) {
        return value == null || value.isEmpty() ? null : sequence("cursor", value);
    }

    static int limit(String value, int defaultLimit, int max) {
        return bounded("limit", value, defaultLimit, max);
    }

    static int bounded(String name, String value, int defaultValue, int max) {
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        if (!POSITIVE.matcher(value).matches() || value.length() > 6 || Integer.parseInt(value) > max) {
            throw ApiErrors.badRequest(name + " must be an integer from 1 to " + max + ", got '" + value + "'");
        }
        return Integer.parseInt(value);
    }

    /** A zero-based index such as a payment's operation index; {@code absent} when the value is. */
    static int index(String name, String value, int absent, int max) {
        if (value == null || value.isEmpty()) {
            return absent;
        }
        if (!INDEX.matcher(value).matches() || Long.parseLong(value) > max) {
            throw ApiErrors.badRequest(name + " must be an operation index from 0 to " + max + ", got '" + value + "'");
        }
        return Integer.parseInt(value);
    }

    static boolean ascending(String order) {
        if (order == null || order.isEmpty() || order.equals("desc")) {
            return false;
        }
        if (order.equals("asc")) {
            return true;
        }
        throw ApiErrors.badRequest("order must be 'asc' or 'desc', got '" + order + "'");
    }

    static String corridor(String key) {
        try {
            final AssetId[] pair = Corridors.parse(key);
            return Corridors.key(pair[0], pair[1]);
        } catch (IllegalArgumentException e) {
            throw ApiErrors.badRequest(e.getMessage());
        }
    }

    static String poolId(String id) {
        if (id == null || !POOL_ID.matcher(id).matches()) {
            throw ApiErrors.badRequest("liquidity pool id must be 64 lowercase hex characters, got '" + id + "'");
        }
        return id;
    }

    static AssetId asset(String code, String issuer) {
        try {
            return AssetId.credit(code, issuer);
        } catch (IllegalArgumentException e) {
            throw ApiErrors.badRequest(e.getMessage());
        }
    }
}
