package io.ledgerlens;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Which environment variable sets which configuration key, read from the {@code ${VAR:-default}} substitutions
 * of the configuration file, so that an error about {@code shutdown.totalTimeout} can name
 * {@code SHUTDOWN_TOTAL_TIMEOUT}. A file that cannot be read gives an empty map.
 */
final class ConfigEnvNames {
    private static final Pattern KEY = Pattern.compile("(?:- )?([A-Za-z0-9_]+):(.*)");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_]+)");

    private ConfigEnvNames() {
    }

    static Map<String, String> of(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    static Map<String, String> parse(String yaml) {
        final Map<String, String> names = new HashMap<>();
        final Deque<Map.Entry<Integer, String>> parents = new ArrayDeque<>();
        for (String line : yaml.split("\n")) {
            final String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            final Matcher key = KEY.matcher(trimmed);
            if (!key.matches()) {
                continue;
            }
            final int indent = line.indexOf(trimmed.charAt(0)) + (trimmed.startsWith("- ") ? 2 : 0);
            while (!parents.isEmpty() && parents.peek().getKey() >= indent) {
                parents.pop();
            }
            final String prefix = StreamSupport.stream(((Iterable<Map.Entry<Integer, String>>)
                    parents::descendingIterator).spliterator(), false).map(Map.Entry::getValue)
                    .collect(Collectors.joining("."));
            final String path = prefix.isEmpty() ? key.group(1) : prefix + "." + key.group(1);
            final Matcher variable = VARIABLE.matcher(key.group(2));
            if (variable.find()) {
                names.put(path, variable.group(1));
            }
            parents.push(Map.entry(indent, key.group(1)));
        }
        return names;
    }
}
