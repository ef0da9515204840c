package io.ledgerlens;

import io.dropwizard.configuration.ConfigurationException;

import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why the service did not start, in one line per problem for the operator: the setting, file or port at fault and
 * the rule, never a stack trace (that goes to the DEBUG log).
 */
final class StartupFailure {
    private static final Pattern PARSE_ERROR = Pattern.compile(
            "Failed to parse configuration at: ([^;]+); (?:.*problem: )?(.*)");
    private static final Pattern BIND = Pattern.compile("Failed to bind to .*?:(\\d+)");

    private StartupFailure() {
    }

    /**
     * @param configFile the configuration file given on the command line
     * @param envNames   configuration key to the environment variable that sets it
     * @param portNames  port number to the setting that asks for it
     */
    static List<String> describe(Throwable e, String configFile, Map<String, String> envNames,
                                 Map<Integer, String> portNames) {
        if (e instanceof ConfigurationException config) {
            final List<String> lines = new ArrayList<>();
            for (String error : config.getErrors()) {
                lines.add(configFile + ": " + configError(error.strip().lines().findFirst().orElse(""), envNames));
            }
            return lines;
        }
        final Throwable bind = causeOfType(e, BindException.class);
        if (bind != null) {
            final Matcher port = BIND.matcher(messages(e));
            if (port.find()) {
                final int number = Integer.parseInt(port.group(1));
                return List.of("port " + number + " (" + portNames.getOrDefault(number, "a server connector port")
                        + ") is already in use: stop what listens there or choose another port");
            }
        }
        return List.of(oneLine(e));
    }

    private static String configError(String error, Map<String, String> envNames) {
        final Matcher parse = PARSE_ERROR.matcher(error);
        if (!parse.matches()) {
            return error.startsWith("* ") ? error.substring(2) : error;
        }
        final String key = parse.group(1);
        final String env = envNames.get(key);
        return key + (env == null ? "" : " (" + env + ")") + ": " + parse.group(2).strip()
                + (parse.group(2).contains("duration") ? " (a duration is a number and a unit, e.g. 30s or 500ms)"
                : "");
    }

    /** The exception's own message, with its causes' when they add something, on one line. */
    static String oneLine(Throwable e) {
        final StringBuilder line = new StringBuilder(e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getMessage());
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            final String text = cause.getMessage() == null ? cause.getClass().getSimpleName()
                    : cause.getClass().getSimpleName() + ": " + cause.getMessage();
            if (!line.toString().contains(cause.getMessage() == null ? text : cause.getMessage())) {
                line.append(": ").append(text);
            }
        }
        return line.toString().replaceAll("\\s+", " ");
    }

    private static String messages(Throwable e) {
        final StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    private static Throwable causeOfType(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }
}
