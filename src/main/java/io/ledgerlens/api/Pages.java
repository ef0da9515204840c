package io.ledgerlens.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A keyset page: {@code records} and {@code next}, the cursor for the following page (null on the last one). */
final class Pages {
    private Pages() {
    }

    /** @param fetched up to {@code limit + 1} rows: the extra one only says that there is a next page */
    static <T> Map<String, Object> of(List<T> fetched, int limit, Function<T, Object> cursorOf) {
        final List<T> records = fetched.size() > limit ? fetched.subList(0, limit) : fetched;
        final Map<String, Object> page = new LinkedHashMap<>();
        page.put("records", records);
        page.put("next", fetched.size() > limit ? String.valueOf(cursorOf.apply(records.get(limit - 1))) : null);
        return page;
    }
}
