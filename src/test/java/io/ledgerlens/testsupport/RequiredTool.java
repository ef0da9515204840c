package io.ledgerlens.testsupport;

import org.junit.jupiter.api.Assumptions;

/**
 * A program a test needs that is not part of the build (node, npm, chromium). When it is missing, the test fails
 * with what to install if the environment variable {@code CI} is set (CI must never pass by skipping), and is
 * skipped with the same message otherwise, so that a developer without it can still run {@code mvn verify}.
 */
public final class RequiredTool {
    private RequiredTool() {
    }

    public static AssertionError missing(String what) {
        final String message = what + " (the environment variable CI is " + (inCi() ? "set: failing" : "unset: skipping")
                + ")";
        if (!inCi()) {
            Assumptions.abort(message);
        }
        return new AssertionError(message);
    }

    static boolean inCi() {
        final String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }
}
