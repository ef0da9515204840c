package io.ledgerlens;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.migrations.MigrationsBundle;
import io.ledgerlens.admin.AdminModule;
import io.ledgerlens.api.ApiModule;
import io.ledgerlens.api.ConnectionsPerAddress;
import io.ledgerlens.auth.AuthModule;
import io.ledgerlens.auth.ManagementToken;
import io.ledgerlens.auth.RedactedRequestLog;
import io.ledgerlens.api.StatusResource;
import io.ledgerlens.cache.ChangeFeed;
import io.ledgerlens.cache.ReadCache;
import io.ledgerlens.cache.RedisCache;
import io.ledgerlens.cache.RedisHealthCheck;
import io.ledgerlens.events.CommitListeners;
import io.ledgerlens.db.Database;
import io.ledgerlens.db.DatabaseHealthCheck;
import io.ledgerlens.db.Migrations;
import io.ledgerlens.db.SqliteShutdownReportStore;
import io.ledgerlens.drill.DrillCommand;
import io.ledgerlens.ingest.Sources;
import io.ledgerlens.ingest.StellarSource;
import io.ledgerlens.lifecycle.BackgroundJobs;
import io.ledgerlens.lifecycle.CoordinatedLoggingFactory;
import io.ledgerlens.lifecycle.CoordinatedManaged;
import io.ledgerlens.lifecycle.DrainState;
import io.ledgerlens.lifecycle.ExitCodes;
import io.ledgerlens.lifecycle.InstanceInLogs;
import io.ledgerlens.lifecycle.JettyGracefulStop;
import io.ledgerlens.lifecycle.JobProgress;
import io.ledgerlens.lifecycle.LeaseKeeper;
import io.ledgerlens.lifecycle.LoggingFlush;
import io.ledgerlens.lifecycle.Phase;
import io.ledgerlens.lifecycle.PendingReports;
import io.ledgerlens.lifecycle.PreviousShutdown;
import io.ledgerlens.lifecycle.ProbeEndpoints;
import io.ledgerlens.lifecycle.ProcessExit;
import io.ledgerlens.lifecycle.QuietPeriodDrain;
import io.ledgerlens.lifecycle.ReportKeepingStore;
import io.ledgerlens.lifecycle.RequestTracker;
import io.ledgerlens.lifecycle.RunLiveness;
import io.ledgerlens.lifecycle.ServerHolder;
import io.ledgerlens.lifecycle.ShutdownConfig;
import io.ledgerlens.lifecycle.ShutdownCoordinator;
import io.ledgerlens.lifecycle.ShutdownListener;
import io.ledgerlens.lifecycle.ShutdownMetrics;
import io.ledgerlens.lifecycle.ShutdownPlan;
import io.ledgerlens.lifecycle.ShutdownReport;
import io.ledgerlens.lifecycle.ShutdownReportStore;
import io.ledgerlens.lifecycle.SignalRelay;
import io.ledgerlens.lifecycle.Sleeper;
import io.ledgerlens.lifecycle.StartupSignalGuard;
import io.ledgerlens.lifecycle.StoppableResource;
import io.ledgerlens.lifecycle.Ticker;
import io.ledgerlens.retention.Retention;
import io.ledgerlens.webhooks.SubscriptionRules;
import io.ledgerlens.webhooks.TargetGuard;
import io.ledgerlens.webhooks.WebhookDispatcher;
import io.ledgerlens.webhooks.Webhooks;
import io.ledgerlens.ws.EventFeed;
import io.ledgerlens.ws.WebSocketHub;
import io.ledgerlens.ws.WebSocketSetup;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

public class LedgerLensApplication extends Application<LedgerLensConfiguration> {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerLensApplication.class);
    public static final String READINESS_PATH = "/health-check";
    public static final String LIVENESS_PATH = "/health-check/live";

    private volatile Wiring wiring;
    private volatile ReadCache readCache;
    private volatile RecordedRun recordedRun;

    public static void main(String[] args) throws Exception {
        // First of all: a SIGTERM during startup must reach the coordinator, not the JVM's default handler.
        SignalRelay.install();
        new LedgerLensApplication().run(args);
    }

    @Override
    public String getName() {
        return "ledgerlens";
    }

    /** Dropwizard's commands, with a {@code server} that reports a failed start in a line, not a stack trace. */
    @Override
    protected void addDefaultCommands(Bootstrap<LedgerLensConfiguration> bootstrap) {
        bootstrap.addCommand(new LedgerLensServerCommand(this));
        bootstrap.addCommand(new CheckCommand<>(this));
    }

    /** A command failed (the reason is already printed): exit with the documented code, not Dropwizard's 1. */
    @Override
    protected void onFatalError(Throwable t) {
        System.exit(ExitCodes.DID_NOT_START);
    }

    /**
     * The {@code server} command did not start; {@code reason} is what it printed. A run already recorded gets a
     * report saying so, so that the next start does not take it for a crash.
     */
    void startFailed(String reason) {
        final RecordedRun run = recordedRun;
        if (run == null) {
            return;
        }
        try {
            run.reports().save(ShutdownReport.startFailed(run.runId(), reason, run.clock().instant()));
        } catch (RuntimeException e) {
            LOG.warn("could not record that run {} failed to start: {}", run.runId(), e.toString());
        }
    }

    private record RecordedRun(ShutdownReportStore reports, String runId, Clock clock) {
    }

    @Override
    public void initialize(Bootstrap<LedgerLensConfiguration> bootstrap) {
        InstanceInLogs.guessFromEnvironment();
        bootstrap.setConfigurationFactoryFactory(new LeanConfigurationFactoryFactory<>());
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), substitutor()));
        bootstrap.addCommand(new DrillCommand());
        Migrations.configureLiquibase();
        bootstrap.addBundle(new MigrationsBundle<LedgerLensConfiguration>() {
            @Override
            public DataSourceFactory getDataSourceFactory(LedgerLensConfiguration config) {
                return config.database().dialect().prepare(config.database());
            }

            @Override
            public String getMigrationsFileName() {
                return Migrations.CHANGELOG;
            }
        });
    }

    /**
     * {@code ${VAR:-default}} from the environment; a default may itself hold a variable, as in
     * {@code ${DATABASE_URL:-jdbc:sqlite:${LEDGERLENS_DB:-./data/ledgerlens.db}}}.
     */
    public static EnvironmentVariableSubstitutor substitutor() {
        return new EnvironmentVariableSubstitutor(false, true);
    }

    /** How the process ends after a shutdown; tests that run the app in their own JVM replace it. */
    protected ProcessExit processExit() {
        return ProcessExit.RUNTIME;
    }

    /** Runs last before the exit; tests that share a JVM keep their logging. */
    protected Runnable loggingFlush() {
        return LoggingFlush::flush;
    }

    /** Hook for subclasses (tests, embedders) to add their own resources and jobs. */
    protected void customize(LedgerLensConfiguration config, Environment environment, Wiring wiring) {
    }

    /** The REST API's cache, for tests that invalidate it by hand. */
    public ReadCache readCache() {
        return readCache;
    }

    /** What the running service is made of, for subclasses and tests. */
    public Wiring wiring() {
        return wiring;
    }

    public record Wiring(String runId, Database database, ShutdownReportStore reports, RedisCache redis,
                         WebSocketHub hub, BackgroundJobs jobs, DrainState drain, RequestTracker requests,
                         ShutdownCoordinator coordinator, StellarSource source, List<JobProgress> progress,
                         CommitListeners commits, WebhookDispatcher webhooks, LeaseKeeper leadership) {
    }

    @Override
    public void run(LedgerLensConfiguration config, Environment environment) throws Exception {
        final ShutdownConfig shutdown = config.shutdown();
        final Ticker ticker = Ticker.SYSTEM;
        // Until the coordinator exists, a signal arms a watchdog: a startup that hangs must not outlive the budget.
        final StartupSignalGuard startupGuard = new StartupSignalGuard(shutdown.totalTimeout(), ticker,
                processExit(), loggingFlush());
        SignalRelay.routeTo(startupGuard);
        final Clock clock = Clock.systemUTC();
        final String runId = UUID.randomUUID().toString();
        final String instanceId = config.instanceIdOrHost();
        InstanceInLogs.set(instanceId);

        final Database database = Database.open(config.database(), environment.metrics());
        final ReportKeepingStore reports = new ReportKeepingStore(new SqliteShutdownReportStore(
                config.database().getUrl(), database.dialect().connectionProperties(config.database()),
                environment.getObjectMapper(), database.writeGate()),
                new PendingReports(shutdown.pendingReportsDir(), environment.getObjectMapper()));
        // Before the unfinished runs are judged: a run whose report was kept here ended cleanly, not uncleanly.
        reports.persistPending();
        final ShutdownMetrics shutdownMetrics = new ShutdownMetrics(environment.metrics());
        final RunLiveness liveness = RunLiveness.ofThisProcess(clock);
        shutdownMetrics.exposePrevious(PreviousShutdown.inspect(reports, runId, clock, liveness),
                reports.outcomeCounts(100));
        reports.recordRunStarted(runId, instanceId, ProcessHandle.current().pid(), liveness.host(), clock.instant());
        recordedRun = new RecordedRun(reports, runId, clock);

        final RedisCache redis = new RedisCache(config.redis(), environment.metrics());
        // Off the start's path: readiness does not need Redis, and an unreachable one would hold the start for the
        // connect timeout. The cache's own calls mark it down or up as they go.
        final Thread redisCheck = new Thread(() -> {
            if (!redis.ping()) {
                LOG.warn("starting without redis at {}: degraded until it is reachable", config.redis().redactedUrl());
            }
        }, "redis-first-check");
        redisCheck.setDaemon(true);
        redisCheck.start();
        final String instanceKey = "ledgerlens:instance:" + runId;
        final DrainState drain = new DrainState();
        final WebSocketHub hub = new WebSocketHub(environment.getObjectMapper(), config.websocket(),
                EventFeed.of(database.jdbi()), drain::isDraining, ticker, environment.metrics());
        final BackgroundJobs jobs = new BackgroundJobs(ticker, environment.metrics());
        jobs.register("run-heartbeat", RunLiveness.HEARTBEAT_INTERVAL, shutdown.backgroundTimeout(),
                stop -> reports.recordHeartbeat(runId, clock.instant()));
        jobs.register("redis-flush", Duration.ofMillis(100), shutdown.backgroundTimeout(),
                stop -> redis.flushPending());
        jobs.register("redis-heartbeat", config.redis().checkInterval(), shutdown.backgroundTimeout(),
                stop -> redis.enqueueSet(instanceKey, "{\"runId\":\"" + runId + "\"}",
                        config.redis().checkInterval().multipliedBy(3)));
        final ReadCache readCache = new ReadCache(redis, config.cache(), ticker, environment.metrics());
        this.readCache = readCache;
        final StellarSource source = Sources.build(config.source(), environment.metrics(), clock);
        final CommitListeners commits = new CommitListeners();
        commits.add(hub::wake);
        final SingletonWork singleton = SingletonWork.register(config.leadership(), database, instanceId,
                runId, jobs, shutdown.backgroundTimeout(), ticker, environment.metrics());
        // Other instances' commits: drop the local copies of what changed and read the shared event log now; a
        // released lease: look for it now.
        final ChangeFeed changes = new ChangeFeed(redis, config.redis(), runId, kind -> {
            kind.ifPresent(readCache::changedElsewhere);
            commits.committed();
        }, singleton.keeper()::lookNow);
        jobs.register("change-feed", Duration.ZERO, shutdown.backgroundTimeout(), changes);
        singleton.keeper().afterRelease(changes::publishLeaseReleased);
        final List<JobProgress> progress = StellarJobs.register(jobs, singleton.keeper(), source, singleton.database(),
                config.ingest(),
                config.sync(), shutdown.backgroundTimeout(), kind -> {
                    readCache.changed(kind);
                    commits.committed();
                    changes.publish(Optional.of(kind));
                },
                environment.getObjectMapper(), clock, environment.metrics(), environment.healthChecks());
        final TargetGuard webhookTargets = TargetGuard.of(config.webhooks());
        final Optional<WebhookDispatcher> webhooks = Webhooks.register(config.webhooks(), webhookTargets, jobs, database,
                singleton.database(), singleton.keeper()::isLeader, commits, runId, shutdown.backgroundTimeout(), environment, clock, ticker);

        Retention.register(config.retention(), jobs, singleton.keeper(), singleton.database(),
                config.websocket().maxReplay(), config.webhooks().enabled(), shutdown.backgroundTimeout(), clock,
                ticker, environment.metrics());

        final RequestTracker requests = new RequestTracker(drain, ticker, List.of(READINESS_PATH, LIVENESS_PATH));
        shutdownMetrics.countInFlight(requests::inFlight);
        final ServerHolder server = new ServerHolder();
        final ShutdownPlan plan = new ShutdownPlan(List.of(
                new Phase("drain", shutdown.drain().maxWait(), new QuietPeriodDrain(drain, requests,
                        shutdown.drain().minWait(), shutdown.drain().quietPeriod(), ticker, Sleeper.SYSTEM)),
                new Phase("websockets", shutdown.websocketTimeout(), hub::stop),
                new Phase("http", config.httpGracePeriod(), new JettyGracefulStop(server, requests::inFlight)),
                new Phase("background", shutdown.backgroundTimeout(),
                        budget -> Webhooks.withPendingCount(singleton.stopThenRelease(jobs, budget), database)),
                new Phase("redis", shutdown.redisTimeout(), budget -> {
                    redis.enqueueDelete(instanceKey);
                    return redis.stop(budget);
                }),
                new Phase("database", shutdown.databaseTimeout(), database::stop)),
                shutdown.totalTimeout(), shutdown.reportReserve());
        final ShutdownCoordinator coordinator = new ShutdownCoordinator(runId, instanceId, plan, reports,
                ShutdownListener.of(drain.drainWhenShutdownStarts(), shutdownMetrics), ticker,
                clock, processExit(), loggingFlush());
        warnIfBudgetsExceedTotal(config);
        config.setLoggingFactory(new CoordinatedLoggingFactory(config.getLoggingFactory(), coordinator::isShuttingDown));

        // Dependency order: Jetty stops managed objects in reverse, so when something other than the coordinator
        // stops the server, jobs stop before the hub, the hub before Redis, Redis before the database.
        manage(environment, coordinator, "database", database, shutdown.databaseTimeout());
        manage(environment, coordinator, "redis", redis, shutdown.redisTimeout());
        manage(environment, coordinator, "websockets", hub, shutdown.websocketTimeout());
        // Stopped with the others, started once the server is ready (below).
        manage(environment, coordinator, "background", jobs::stop, shutdown.backgroundTimeout());

        environment.healthChecks().register("database", new DatabaseHealthCheck(database));
        environment.healthChecks().register("redis", new RedisHealthCheck(redis));
        ProbeEndpoints.register(environment, drain, requests, READINESS_PATH, LIVENESS_PATH);
        WebSocketSetup.register(environment, hub, config.websocket());
        ConnectionsPerAddress.install(environment, config.api());
        RedactedRequestLog.install(environment);
        ApiModule.register(environment, config.api(), database.jdbi(), readCache, webhooks.map(dispatcher -> new SubscriptionRules(
                database, config.webhooks(), webhookTargets, dispatcher::wake, environment.getObjectMapper(), clock)));
        if (webhooks.isPresent()) {
            AuthModule.register(environment, config.auth(), config.auth().disabled() ? Optional.empty()
                    : ManagementToken.resolve(config.auth(), config.database().sqliteFile()), applicationPorts(config));
        }
        environment.jersey().register(new StatusResource(source.name(), progress, jobs, environment.healthChecks(),
                database.jdbi(), singleton.keeper()));

        AdminModule.register(environment, config.admin().token(), drain, coordinator, reports, singleton.keeper(),
                config.leadership().ttl());

        final Wiring built = new Wiring(runId, database, reports, redis, hub, jobs, drain, requests, coordinator,
                source, progress, commits, webhooks.orElse(null), singleton.keeper());
        this.wiring = built;
        customize(config, environment, built);

        environment.lifecycle().addServerLifecycleListener(started -> {
            server.set(started);
            // The coordinator stops Jetty itself, as one phase of its sequence.
            started.setStopAtShutdown(false);
            // A shutdown requested during startup runs now; readiness must never have said 200 in between.
            if (!coordinator.isShuttingDown()) {
                drain.markStarted();
            }
            LOG.info("ledgerlens ready: run={} ports={} plan: {}", runId, ports(started), plan.describe());
            coordinator.markStarted();
            // After readiness, not before: serving needs none of them, and on a busy machine their first units
            // (ingestion, sync, webhooks, the lease) took CPU from the start. After a stop this does nothing.
            if (!coordinator.isShuttingDown()) {
                jobs.start();
            }
        });
        startupGuard.handOver(coordinator::onSignal);
    }

    private static void manage(Environment environment, ShutdownCoordinator coordinator, String name,
                               StoppableResource resource, Duration fallbackBudget) {
        environment.lifecycle().manage(new CoordinatedManaged(name, resource, fallbackBudget,
                coordinator::isShuttingDown));
    }

    private static void warnIfBudgetsExceedTotal(LedgerLensConfiguration config) {
        final ShutdownConfig shutdown = config.shutdown();
        final Duration sum = shutdown.sumOfPhaseBudgets(config.httpGracePeriod());
        if (sum.compareTo(shutdown.phaseWindow()) > 0) {
            LOG.warn("the phase budgets add up to {} ms, more than the {} ms the total budget leaves them: if every "
                    + "phase used its whole budget the last ones would be cut short", sum.toMillis(),
                    shutdown.phaseWindow().toMillis());
        }
    }

    /** "the application port (8080)", as configured, for messages logged before the server starts. */
    private static String applicationPorts(LedgerLensConfiguration config) {
        if (!(config.getServerFactory() instanceof DefaultServerFactory factory)) {
            return "the application port";
        }
        return "the application port (" + factory.getApplicationConnectors().stream()
                .filter(HttpConnectorFactory.class::isInstance)
                .map(c -> String.valueOf(((HttpConnectorFactory) c).getPort()))
                .collect(Collectors.joining(", ")) + ")";
    }

    private static String ports(Server server) {
        return java.util.Arrays.stream(server.getConnectors())
                .filter(NetworkConnector.class::isInstance)
                .map(c -> c.getName() + "=" + ((NetworkConnector) c).getLocalPort())
                .collect(Collectors.joining(","));
    }
}
