package io.ledgerlens.drill;

import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import io.ledgerlens.lifecycle.SignalRelay;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code java -jar ledgerlens.jar drill ...}: drives load against an instance, stops it, and verifies that
 * nothing was lost. Exits 0 when every check held, 1 when one did not, 2 when the drill itself could not run.
 */
public final class DrillCommand extends Command {
    public DrillCommand() {
        super("drill", "Stop an instance under load and verify that nothing was lost; prints a table "
                + "(or JSON) and exits non-zero on any loss or budget overrun");
    }

    @Override
    public void configure(Subparser p) {
        p.addArgument("--target").help("application URL of a running instance (default: start one)");
        p.addArgument("--admin").help("admin URL of that instance (default: target's host, port 8081)");
        p.addArgument("--pid").type(Long.class).help("PID of that instance, for signals and the exit time");
        p.addArgument("--stop").choices("sigterm", "admin", "sigkill", "double-sigterm").setDefault("sigterm")
                .help("how to stop it");
        p.addArgument("--restart").action(Arguments.storeTrue())
                .help("start the instance again afterwards and verify the report and the ledgers (started "
                        + "instances only)");
        p.addArgument("--config").setDefault("config.yml").help("config file for a started instance");
        p.addArgument("--work-dir").help("where a started instance keeps its SQLite file and logs");
        p.addArgument("--rps").type(Integer.class).setDefault(50).help("REST requests per second");
        p.addArgument("--path").setDefault("/api/ledgers?limit=5").help("REST path to load");
        p.addArgument("--websockets").type(Integer.class).setDefault(5).help("WebSocket clients");
        p.addArgument("--before").type(Integer.class).setDefault(3)
                .help("seconds of load before the stop");
        p.addArgument("--budget").help("shutdown budget to hold the exit time to (default SHUTDOWN_TOTAL_TIMEOUT "
                + "or 25s)");
        p.addArgument("--max-exit").help("also fail if SIGTERM-to-exit exceeds this (e.g. 5s)");
        p.addArgument("--strict").action(Arguments.storeTrue())
                .help("every request must succeed, during the stop too (an instance behind a load balancer)");
        p.addArgument("--json").action(Arguments.storeTrue()).help("print JSON instead of a table");
        p.addArgument("--replicas").type(Integer.class).setDefault(0)
                .help("start this many instances (2..9) on one PostgreSQL behind HAProxy and roll them one at a time "
                        + "under load; needs --database-url (or DATABASE_URL) and haproxy on the PATH");
        p.addArgument("--during").help("with --target (a balancer's URL): run this shell command under load instead of "
                + "stopping anything, e.g. a rolling deploy, and judge what the clients saw");
        p.addArgument("--during-timeout").setDefault("15m").help("kill the --during command after this long");
        p.addArgument("--receiver-host").help("with --during: the local address to receive webhooks on, one the "
                + "service can reach (e.g. a Docker network's gateway); the token comes from WEBHOOKS_API_TOKEN");
        p.addArgument("--database-url").help("the shared PostgreSQL for --replicas (default DATABASE_URL); "
                + "DATABASE_USER and DATABASE_PASSWORD come from the environment");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace ns) throws Exception {
        final DrillOptions options = DrillOptions.from(ns, System.getenv());
        final Path workDir = ns.getString("work_dir") != null ? Path.of(ns.getString("work_dir"))
                : Files.createTempDirectory("ledgerlens-drill");
        Files.createDirectories(workDir);
        if (ns.getInt("replicas") > 0) {
            System.exit(roll(ns, options, workDir));
        }
        if (ns.getString("during") != null) {
            System.exit(during(ns, options));
        }
        final Instance instance = options.target() == null
                ? Instance.launched(ownJar(), ns.getString("config"), workDir, System.getenv())
                : Instance.existing(options.target(), options.admin(), ns.getLong("pid"));
        // Ctrl-C on the drill must not leave a started service behind.
        SignalRelay.routeTo(signal -> {
            instance.destroy();
            Runtime.getRuntime().halt(130);
        });
        int code;
        try {
            code = print(new Drill(options, instance, workDir).run(), options);
        } catch (Exception e) {
            System.err.println("[drill] could not complete: " + e.getMessage());
            code = 2;
        } finally {
            instance.destroy();
        }
        System.out.flush();
        System.exit(code);
    }

    private static int during(Namespace ns, DrillOptions options) {
        try {
            final DrillReport report = new BalancedDrill(options, ns.getString("during"),
                    DrillOptions.parse("--during-timeout", ns.getString("during_timeout")),
                    ns.getString("receiver_host"), System.getenv("WEBHOOKS_API_TOKEN")).run();
            return print(report, options);
        } catch (Exception e) {
            System.err.println("[drill] could not complete: " + e.getMessage());
            return 2;
        }
    }

    /** Prints the report as a table or JSON; @return the exit code its verdict means */
    private static int print(DrillReport report, DrillOptions options) {
        System.out.print(options.json() ? DrillJson.write(report.json()) + "\n" : report.table());
        System.out.flush();
        return report.passed() ? 0 : 1;
    }

    private static int roll(Namespace ns, DrillOptions options, Path workDir) {
        if (options.target() != null) {
            System.err.println("[drill] --replicas starts its own instances; it does not take --target");
            return 2;
        }
        final java.util.Map<String, String> env = new java.util.LinkedHashMap<>(System.getenv());
        if (ns.getString("database_url") != null) {
            env.put("DATABASE_URL", ns.getString("database_url"));
        }
        try {
            final ReplicaRoll roll = new ReplicaRoll(ns.getInt("replicas"), options, ownJar(), ns.getString("config"),
                    workDir, env);
            SignalRelay.routeTo(signal -> {
                roll.destroyAll();
                Runtime.getRuntime().halt(130);
            });
            return print(roll.run(), options);
        } catch (Exception e) {
            System.err.println("[drill] could not complete: " + e.getMessage());
            return 2;
        }
    }

    private static String ownJar() throws Exception {
        final Path path = Path.of(DrillCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!path.toString().endsWith(".jar")) {
            throw new IllegalStateException("--target is required when not running from the jar (" + path + ")");
        }
        return path.toString();
    }
}
