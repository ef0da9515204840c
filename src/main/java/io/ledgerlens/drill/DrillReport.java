package io.ledgerlens.drill;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The drill's findings: one row per check, each either informative or a pass/fail, and the verdict. */
final class DrillReport {
    record Row(String check, String value, Boolean passed) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Object> data = new LinkedHashMap<>();

    void info(String check, String value) {
        rows.add(new Row(check, value, null));
    }

    void check(String check, String value, boolean passed) {
        rows.add(new Row(check, value, passed));
    }

    /** Raw figures for the JSON output. */
    void put(String key, Object value) {
        data.put(key, value);
    }

    boolean passed() {
        return rows.stream().noneMatch(r -> Boolean.FALSE.equals(r.passed()));
    }

    String table() {
        final int width = rows.stream().mapToInt(r -> r.check().length()).max().orElse(10);
        final StringBuilder out = new StringBuilder();
        for (Row r : rows) {
            out.append(String.format("%-" + width + "s  %-6s %s%n", r.check(),
                    r.passed() == null ? "" : r.passed() ? "ok" : "FAIL", r.value()));
        }
        out.append(String.format("%-" + width + "s  %s%n", "verdict", passed() ? "PASS" : "FAIL"));
        return out.toString();
    }

    Map<String, Object> json() {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("passed", passed());
        final List<Map<String, Object>> checks = new ArrayList<>();
        for (Row r : rows) {
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("check", r.check());
            row.put("value", r.value());
            row.put("passed", r.passed());
            checks.add(row);
        }
        json.put("checks", checks);
        json.put("data", data);
        return json;
    }
}
