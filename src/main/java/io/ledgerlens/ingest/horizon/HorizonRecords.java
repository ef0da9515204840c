package io.ledgerlens.ingest.horizon;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerlens.ingest.Amounts;
import io.ledgerlens.ingest.AssetId;
import io.ledgerlens.ingest.AssetStats;
import io.ledgerlens.ingest.Ledger;
import io.ledgerlens.ingest.LiquidityPool;
import io.ledgerlens.ingest.Payment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Maps Horizon's JSON records to the model, field by field: unknown fields are ignored, a missing or ill-typed
 * field fails with its name, and amounts are read from their decimal text (never through a double).
 */
final class HorizonRecords {
    private HorizonRecords() {
    }

    static Ledger ledger(JsonNode r) {
        return new Ledger(integer(r, "sequence"), text(r, "id"), text(r, "paging_token"), text(r, "hash"),
                r.hasNonNull("prev_hash") ? r.get("prev_hash").asText() : null,
                (int) integer(r, "successful_transaction_count"), (int) integer(r, "failed_transaction_count"),
                (int) integer(r, "operation_count"), (int) integer(r, "tx_set_operation_count"),
                instant(r, "closed_at"), amount(r, "total_coins"), amount(r, "fee_pool"),
                integer(r, "base_fee_in_stroops"), integer(r, "base_reserve_in_stroops"),
                (int) integer(r, "max_tx_set_size"), (int) integer(r, "protocol_version"),
                r.hasNonNull("header_xdr") ? r.get("header_xdr").asText() : null);
    }

    /** Empty for operation types without an amount (account_merge and others the payments endpoint lists). */
    static Optional<Payment> payment(JsonNode r, long ledger) {
        final String type = text(r, "type");
        final AssetId asset;
        final BigDecimal amount;
        AssetId sourceAsset;
        BigDecimal sourceAmount;
        String from;
        String to;
        switch (type) {
            case "payment" -> {
                asset = asset(r, "asset_");
                amount = amount(r, "amount");
                sourceAsset = asset;
                sourceAmount = amount;
                from = text(r, "from");
                to = text(r, "to");
            }
            case "path_payment_strict_send", "path_payment_strict_receive" -> {
                asset = asset(r, "asset_");
                amount = amount(r, "amount");
                sourceAsset = asset(r, "source_asset_");
                sourceAmount = amount(r, "source_amount");
                from = text(r, "from");
                to = text(r, "to");
            }
            case "create_account" -> {
                asset = AssetId.NATIVE;
                amount = amount(r, "starting_balance");
                sourceAsset = asset;
                sourceAmount = amount;
                from = text(r, "funder");
                to = text(r, "account");
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.of(new Payment(text(r, "id"), text(r, "paging_token"), ledger, text(r, "transaction_hash"),
                bool(r, "transaction_successful"), type, instant(r, "created_at"), from, to, asset, amount,
                sourceAsset, sourceAmount));
    }

    static LiquidityPool pool(JsonNode r) {
        final List<LiquidityPool.Reserve> reserves = new ArrayList<>();
        for (JsonNode reserve : array(r, "reserves")) {
            reserves.add(new LiquidityPool.Reserve(parseAsset(text(reserve, "asset")), amount(reserve, "amount")));
        }
        return new LiquidityPool(text(r, "id"), text(r, "paging_token"), (int) integer(r, "fee_bp"), text(r, "type"),
                integer(r, "total_trustlines"), amount(r, "total_shares"), reserves,
                integer(r, "last_modified_ledger"), instant(r, "last_modified_time"));
    }

    static AssetStats asset(JsonNode r) {
        final AssetId asset = asset(r, "asset_");
        final JsonNode accounts = r.path("accounts");
        final JsonNode flags = r.path("flags");
        // Newer Horizon versions dropped the top-level amount; balances.authorized carries the same figure.
        final BigDecimal amount = r.hasNonNull("amount") ? amount(r, "amount")
                : r.path("balances").hasNonNull("authorized") ? amount(r.path("balances"), "authorized")
                : BigDecimal.ZERO.setScale(Amounts.SCALE);
        return new AssetStats(asset, text(r, "paging_token"), integer(accounts, "authorized"),
                integer(accounts, "authorized_to_maintain_liabilities"), integer(accounts, "unauthorized"),
                r.hasNonNull("num_liquidity_pools") ? integer(r, "num_liquidity_pools") : 0, amount,
                new AssetStats.Flags(flags.path("auth_required").asBoolean(), flags.path("auth_revocable").asBoolean(),
                        flags.path("auth_immutable").asBoolean(), flags.path("auth_clawback_enabled").asBoolean()));
    }

    private static AssetId asset(JsonNode r, String prefix) {
        final String type = text(r, prefix + "type");
        if (type.equals("native")) {
            return AssetId.NATIVE;
        }
        try {
            return new AssetId(type, text(r, prefix + "code"), text(r, prefix + "issuer"));
        } catch (IllegalArgumentException e) {
            throw new HorizonFormatException(prefix + "*: " + e.getMessage());
        }
    }

    private static AssetId parseAsset(String canonical) {
        try {
            return AssetId.parse(canonical);
        } catch (IllegalArgumentException e) {
            throw new HorizonFormatException("reserves[].asset: " + e.getMessage());
        }
    }

    private static JsonNode field(JsonNode r, String name) {
        final JsonNode value = r.get(name);
        if (value == null || value.isNull()) {
            throw new HorizonFormatException("field '" + name + "' is missing");
        }
        return value;
    }

    private static String text(JsonNode r, String name) {
        final JsonNode value = field(r, name);
        if (!value.isValueNode()) {
            throw new HorizonFormatException("field '" + name + "' is not a value: " + value);
        }
        return value.asText();
    }

    /** Horizon writes some integers as JSON numbers and others (total_trustlines) as strings: take both. */
    private static long integer(JsonNode r, String name) {
        final JsonNode value = field(r, name);
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        try {
            return Long.parseLong(value.asText());
        } catch (NumberFormatException e) {
            throw new HorizonFormatException("field '" + name + "' is not an integer: " + value);
        }
    }

    private static BigDecimal amount(JsonNode r, String name) {
        final JsonNode value = field(r, name);
        try {
            // textValue for strings; for a bare JSON number, its literal text (Jackson keeps it as BigDecimal-able)
            return Amounts.parse(value.isTextual() ? value.textValue() : value.asText());
        } catch (IllegalArgumentException e) {
            throw new HorizonFormatException("field '" + name + "': " + e.getMessage());
        }
    }

    private static boolean bool(JsonNode r, String name) {
        final JsonNode value = field(r, name);
        if (!value.isBoolean()) {
            throw new HorizonFormatException("field '" + name + "' is not a boolean: " + value);
        }
        return value.asBoolean();
    }

    private static Instant instant(JsonNode r, String name) {
        try {
            return Instant.parse(text(r, name));
        } catch (java.time.format.DateTimeParseException e) {
            throw new HorizonFormatException("field '" + name + "' is not an ISO-8601 instant: " + r.get(name));
        }
    }

    private static JsonNode array(JsonNode r, String name) {
        final JsonNode value = field(r, name);
        if (!value.isArray()) {
            throw new HorizonFormatException("field '" + name + "' is not an array");
        }
        return value;
    }

    /** A record that does not have the shape Horizon documents. */
    static final class HorizonFormatException extends RuntimeException {
        HorizonFormatException(String message) {
            super(message);
        }
    }
}
