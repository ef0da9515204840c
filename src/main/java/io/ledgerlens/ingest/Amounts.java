package io.ledgerlens.ingest;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Stellar amounts: exact decimals with seven places, kept as text in storage and never as doubles. */
public final class Amounts {
    public static final int SCALE = 7;

    private Amounts() {
    }

    /** Parses Horizon's decimal string; throws IllegalArgumentException for anything that is not one. */
    public static BigDecimal parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("amount is missing");
        }
        try {
            final BigDecimal value = new BigDecimal(text);
            if (value.scale() > SCALE && value.stripTrailingZeros().scale() > SCALE) {
                throw new IllegalArgumentException("amount has more than 7 decimal places: '" + text + "'");
            }
            return value.setScale(SCALE, RoundingMode.UNNECESSARY);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("amount is not a decimal number: '" + text + "'");
        }
    }

    /** The storage form: plain (no exponent) with exactly seven places. */
    public static String format(BigDecimal value) {
        return value.setScale(SCALE, RoundingMode.UNNECESSARY).toPlainString();
    }
}
