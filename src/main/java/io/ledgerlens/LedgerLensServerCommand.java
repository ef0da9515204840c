package io.ledgerlens;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import net.sourceforge.argparse4j.inf.Namespace;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Dropwizard's {@code server} command, except that a start that fails says why in one line per problem on stderr
 * (the setting, file or port and the rule; see {@link StartupFailure}) instead of pages of stack trace, which go
 * to the DEBUG log. The process then exits with {@code ExitCodes.DID_NOT_START} (docs/configuration.md).
 */
final class LedgerLensServerCommand extends ServerCommand<LedgerLensConfiguration> {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerLensServerCommand.class);
    private final LedgerLensApplication application;

    LedgerLensServerCommand(LedgerLensApplication application) {
        super(application, "server", "Runs the Dropwizard application as an HTTP server");
        this.application = application;
    }

    @Override
    protected void run(Environment environment, Namespace namespace, LedgerLensConfiguration config)
            throws Exception {
        final Server server = config.getServerFactory().build(environment);
        try {
            server.addEventListener(new LifeCycle.Listener() {
                @Override
                public void lifeCycleStopped(LifeCycle event) {
                    cleanup();
                }
            });
            cleanupAsynchronously();
            server.start();
        } catch (Exception e) {
            LOG.debug("the server did not start", e);
            try {
                server.stop();
            } catch (Exception stopFailure) {
                LOG.debug("stopping the server that did not start failed", stopFailure);
            }
            cleanup();
            throw e;
        }
        // As Dropwizard's own command: a non-daemon thread keeps the JVM alive while the server runs.
        new Thread(() -> {
            try {
                server.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "dw-awaiter").start();
    }

    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        LOG.debug("start-up failed", e);
        final String file = namespace.getString("file");
        final List<String> lines = StartupFailure.describe(e, file == null ? "the configuration" : file,
                file == null ? Map.of() : ConfigEnvNames.of(Path.of(file)), portNames(file));
        application.startFailed(String.join("; ", lines));
        for (String line : lines) {
            cli.getStdErr().println("ledgerlens did not start: " + line);
        }
        cli.getStdErr().flush();
    }

    private Map<Integer, String> portNames(String file) {
        final Map<Integer, String> names = new HashMap<>();
        final LedgerLensConfiguration config = getConfiguration();
        if (config != null && config.getServerFactory() instanceof DefaultServerFactory server) {
            final Map<String, String> env = file == null ? Map.of() : ConfigEnvNames.of(Path.of(file));
            name(names, server.getApplicationConnectors(), "server.applicationConnectors", env);
            name(names, server.getAdminConnectors(), "server.adminConnectors", env);
        }
        return names;
    }

    private static void name(Map<Integer, String> names, List<ConnectorFactory> connectors, String key,
                             Map<String, String> env) {
        for (int i = 0; i < connectors.size(); i++) {
            if (connectors.get(i) instanceof HttpConnectorFactory http) {
                final String variable = env.get(key + ".port");
                names.putIfAbsent(http.getPort(), key + "[" + i + "].port"
                        + (variable == null ? "" : ", " + variable));
            }
        }
    }
}
