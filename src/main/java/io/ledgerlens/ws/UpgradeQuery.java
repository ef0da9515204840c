package io.ledgerlens.ws;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What a client's upgrade URL asks for: {@code since}, the sequence to resume after, and {@code channels}, a
 * comma-separated list to subscribe to at once (as a first {@code subscribe} would).
 *
 * @param since   the {@code since} parameter as sent, or null
 * @param from    {@code since} as a sequence number; empty when absent or not a number {@code >= 0}
 * @param initial the subscription {@code channels} asks for, or null when it is absent or blank
 */
record UpgradeQuery(String since, OptionalLong from, ClientRequest.Subscribe initial) {

    static UpgradeQuery of(Map<String, List<String>> params) {
        final String since = first(params, "since");
        final OptionalLong from = parseSince(since);
        return new UpgradeQuery(since, from, initialSubscription(first(params, "channels"), from));
    }

    /** A {@code since} was sent that is not a sequence number {@code >= 0}: the client is told, and served live. */
    boolean malformedSince() {
        return since != null && from.isEmpty();
    }

    /** The first value of a query parameter, or null. */
    static String first(Map<String, List<String>> params, String name) {
        final List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static ClientRequest.Subscribe initialSubscription(String channels, OptionalLong since) {
        if (channels == null || channels.isBlank()) {
            return null;
        }
        final ClientRequest.Parsed parsed = ClientRequest.parseChannels(List.of(channels.split(",", -1)));
        return new ClientRequest.Subscribe(parsed.accepted(), parsed.rejected(), since);
    }

    private static OptionalLong parseSince(String text) {
        if (text == null) {
            return OptionalLong.empty();
        }
        try {
            final long value = Long.parseLong(text.trim());
            return value < 0 ? OptionalLong.empty() : OptionalLong.of(value);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
