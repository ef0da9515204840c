package io.ledgerlens.lifecycle;

/**
 * Puts the instance id into every log line: config.yml's log format prints {@code %property{ledgerlens.instance}},
 * which Logback reads from this system property. A system property rather than the MDC: the MDC is per thread, and
 * the lines that matter most come from threads the service does not create (Jetty, Dropwizard, signal handlers).
 */
public final class InstanceInLogs {
    public static final String PROPERTY = "ledgerlens.instance";

    private InstanceInLogs() {
    }

    /** Before the configuration is read: {@code INSTANCE_ID} if set, else the host name. */
    public static void guessFromEnvironment() {
        final String fromEnv = System.getenv("INSTANCE_ID");
        set(fromEnv == null || fromEnv.isBlank() ? RunLiveness.hostName() : fromEnv);
    }

    public static void set(String instanceId) {
        System.setProperty(PROPERTY, instanceId);
    }
}
