package io.ledgerlens.drill;

import net.sourceforge.argparse4j.inf.Namespace;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** The drill's settings, checked. */
record DrillOptions(String target, String admin, String stop, boolean restart, int rps, String path, int websockets,
                    Duration before, Duration budget, Duration maxExit, boolean strict, boolean json) {

    static DrillOptions from(Namespace ns, Map<String, String> env) {
        final String target = ns.getString("target");
        String admin = ns.getString("admin");
        if (target != null && admin == null) {
            final URI uri = URI.create(target);
            admin = uri.getScheme() + "://" + uri.getHost() + ":8081";
        }
        final String stop = ns.getString("stop");
        if (target != null && ns.getString("during") == null && ns.getLong("pid") == null && !stop.equals("admin")) {
            throw new IllegalArgumentException("--stop " + stop + " against --target needs --pid (or use --stop admin)");
        }
        if (target != null && ns.getBoolean("restart")) {
            throw new IllegalArgumentException("--restart works only for an instance the drill starts itself");
        }
        final String budget = ns.getString("budget") != null ? ns.getString("budget")
                : env.getOrDefault("SHUTDOWN_TOTAL_TIMEOUT", "25s");
        final int websockets = ns.getInt("websockets");
        if (websockets < 0 || websockets > 1000) {
            throw new IllegalArgumentException("--websockets must be 0..1000, got " + websockets);
        }
        return new DrillOptions(target, admin, stop, ns.getBoolean("restart"), ns.getInt("rps"), ns.getString("path"),
                websockets, Duration.ofSeconds(Math.max(1, ns.getInt("before"))), parse("--budget", budget),
                ns.getString("max_exit") == null ? null : parse("--max-exit", ns.getString("max_exit")),
                ns.getBoolean("strict"), ns.getBoolean("json"));
    }

    /** "25s", "1500ms", "2m". */
    static Duration parse(String name, String text) {
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m)").matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(name + " must look like 500ms, 25s or 2m, got '" + text + "'");
        }
        final long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
    }

    boolean expectsCleanExit() {
        return stop.equals("sigterm") || stop.equals("admin");
    }
}
