package io.ledgerlens.drill;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code drill --replicas N}: N instances on one PostgreSQL behind HAProxy, rolled one at a time under REST load as a
 * deploy rolls them (SIGTERM, exit, start again, back in rotation). Passes when every request through the balancer
 * was answered 2xx, every instance exited 0 within the budget, and the stored ledgers are consecutive, none twice;
 * the largest pause between two ledger commits during the roll is reported beside them.
 */
final class ReplicaRoll {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration IN_ROTATION = Duration.ofSeconds(60);

    private final int replicas;
    private final DrillOptions options;
    private final String jar;
    private final String config;
    private final Path workDir;
    private final Map<String, String> env;

    ReplicaRoll(int replicas, DrillOptions options, String jar, String config, Path workDir, Map<String, String> env) {
        if (replicas < 2 || replicas > 9) {
            throw new IllegalArgumentException("--replicas must be 2..9, got " + replicas);
        }
        final String url = env.getOrDefault("DATABASE_URL", "");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--replicas needs the shared PostgreSQL: --database-url or DATABASE_URL "
                    + "jdbc:postgresql://host:port/db (with DATABASE_USER and DATABASE_PASSWORD), got '" + url + "'");
        }
        this.replicas = replicas;
        this.options = options;
        this.jar = jar;
        this.config = config;
        this.workDir = workDir;
        this.env = env;
    }

    private final List<Instance> nodes = new ArrayList<>();

    /** Ctrl-C on the drill: no started instance is left behind. */
    synchronized void destroyAll() {
        nodes.forEach(Instance::destroy);
    }

    DrillReport run() throws Exception {
        final DrillReport report = new DrillReport();
        try {
            for (int i = 0; i < replicas; i++) {
                final Map<String, String> own = new LinkedHashMap<>(env);
                own.put("INSTANCE_ID", "drill-node" + i);
                // HAProxy checks every 200 ms and takes a node out at its first 503: a drain of at least 1 s lets it
                // do so before Jetty stops. Settings the caller gave win.
                own.putIfAbsent("SHUTDOWN_DRAIN_MIN_WAIT", "1s");
                own.putIfAbsent("SHUTDOWN_DRAIN_QUIET_PERIOD", "300ms");
                final Instance node = Instance.launched(jar, config, Files.createDirectories(workDir.resolve("node" + i)),
                        own);
                synchronized (this) {
                    nodes.add(node);
                }
            }
            for (Instance node : nodes) {
                node.start(START_TIMEOUT);
            }
            roll(nodes, report);
        } finally {
            for (Instance node : nodes) {
                if (node.isAlive()) {
                    node.signal("TERM");
                    if (node.awaitExit(options.budget().plusSeconds(10)).isEmpty()) {
                        node.destroy();
                    }
                }
            }
        }
        return report;
    }

    private void roll(List<Instance> nodes, DrillReport report) throws Exception {
        final List<String> exits = new ArrayList<>();
        boolean exitsClean = true;
        final Instant from;
        final Instant to;
        final List<RequestLoad.Outcome> outcomes;
        try (Balancer balancer = Balancer.start(nodes.stream().map(Instance::app).toList(), workDir);
             RequestLoad load = new RequestLoad(balancer.url() + options.path(), options.rps())) {
            load.start();
            Thread.sleep(options.before().toMillis()); // load before the first stop: part of the drill, not a wait
            from = Instant.now();
            for (int i = 0; i < nodes.size(); i++) {
                final Instance node = nodes.get(i);
                balancer.awaitUp(nodes.size(), IN_ROTATION);
                final long signalled = System.nanoTime();
                node.signal("TERM");
                final Optional<Integer> code = node.awaitExit(options.budget().plusSeconds(10));
                final long tookMs = Duration.ofNanos(System.nanoTime() - signalled).toMillis();
                exits.add("node" + i + "=" + code.map(String::valueOf).orElse("none") + "/" + tookMs + "ms");
                exitsClean &= code.isPresent() && code.get() == 0 && tookMs <= options.budget().toMillis();
                node.start(START_TIMEOUT);
            }
            balancer.awaitUp(nodes.size(), IN_ROTATION);
            to = Instant.now();
            Thread.sleep(options.before().toMillis());
            final int sent = load.sent();
            load.stopSending(sent);
            outcomes = load.outcomes();
        }
        final Map<String, Integer> tally = RequestLoad.tally(outcomes, o -> true);
        final long failed = outcomes.stream().filter(o -> !o.ok()).count();
        report.info("replicas", nodes.size() + " on one PostgreSQL behind HAProxy, rolled one at a time");
        report.check("requests through the balancer", outcomes.size() + " sent, " + failed + " not 2xx " + tally,
                failed == 0 && !outcomes.isEmpty());
        report.check("exits (code/SIGTERM-to-exit)", String.join(" ", exits) + " within " + options.budget().toMillis()
                + " ms", exitsClean);
        final Chain chain = chain(from, to);
        report.info("largest gap between ledger commits during the roll", chain.largestGapMs() + " ms");
        report.check("stored ledgers", chain.count() + " stored, " + (chain.consecutive() ? "consecutive, none twice"
                : "NOT consecutive (a gap or a ledger twice)"), chain.consecutive() && chain.count() > 0);
        report.put("requests", outcomes.size());
        report.put("notOk", failed);
        report.put("exits", exits);
        report.put("largestCommitGapMs", chain.largestGapMs());
        report.put("ledgers", chain.count());
    }

    record Chain(long count, boolean consecutive, long largestGapMs) {
    }

    /** The stored ledgers, and the largest pause between two consecutive commits that overlaps [from, to]. */
    private Chain chain(Instant from, Instant to) throws SQLException {
        final List<Long> sequences = new ArrayList<>();
        final List<Instant> commits = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(env.get("DATABASE_URL"), emptyToNull(env.get("DATABASE_USER")),
                emptyToNull(env.get("DATABASE_PASSWORD")));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sequence, ingested_at FROM ledgers ORDER BY sequence")) {
            while (rs.next()) {
                sequences.add(rs.getLong(1));
                commits.add(Instant.parse(rs.getString(2)));
            }
        }
        boolean consecutive = true;
        long largest = 0;
        for (int i = 1; i < sequences.size(); i++) {
            consecutive &= sequences.get(i) == sequences.get(i - 1) + 1;
            if (commits.get(i).isAfter(from) && commits.get(i - 1).isBefore(to)) {
                largest = Math.max(largest, Duration.between(commits.get(i - 1), commits.get(i)).toMillis());
            }
        }
        return new Chain(sequences.size(), consecutive, largest);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
