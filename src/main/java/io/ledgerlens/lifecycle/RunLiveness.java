package io.ledgerlens.lifecycle;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * Tells, at start, whether a run without a report is still running (another instance on the same database,
 * as in a start-before-stop rolling restart on one host) or ended without a complete shutdown. On this host:
 * alive if its process is, it is not this process (a restarted container reuses PID 1), and it has sent a
 * heartbeat recently. On another host only the heartbeat can tell.
 */
public final class RunLiveness implements Predicate<ShutdownReportStore.UnfinishedRun> {
    public static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(5);
    /** Four missed heartbeats: long enough for a busy machine, short enough to judge a crash at the next start. */
    public static final Duration STALE_AFTER = HEARTBEAT_INTERVAL.multipliedBy(4);

    private final String host;
    private final long pid;
    private final LongPredicate processAlive;
    private final Clock clock;

    public RunLiveness(String host, long pid, LongPredicate processAlive, Clock clock) {
        this.host = Objects.requireNonNull(host, "host");
        this.pid = pid;
        this.processAlive = Objects.requireNonNull(processAlive, "processAlive");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static RunLiveness ofThisProcess(Clock clock) {
        return new RunLiveness(hostName(), ProcessHandle.current().pid(),
                p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false), clock);
    }

    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return System.getenv().getOrDefault("HOSTNAME", "unknown-host");
        }
    }

    public String host() {
        return host;
    }

    /** @return true if {@code run} is still running, so it must not be called unclean */
    @Override
    public boolean test(ShutdownReportStore.UnfinishedRun run) {
        final boolean recentlySeen = Duration.between(run.lastSeen(), clock.instant()).compareTo(STALE_AFTER) < 0;
        if (host.equals(run.host())) {
            return run.pid() != pid && processAlive.test(run.pid()) && recentlySeen;
        }
        return recentlySeen;
    }
}
