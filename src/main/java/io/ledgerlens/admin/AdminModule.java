package io.ledgerlens.admin;

import io.dropwizard.core.setup.Environment;
import io.ledgerlens.lifecycle.DrainState;
import io.ledgerlens.lifecycle.LeaseKeeper;
import io.ledgerlens.lifecycle.ShutdownCoordinator;
import io.ledgerlens.lifecycle.ShutdownReportStore;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.dropwizard.DropwizardExports;
import io.prometheus.client.servlet.jakarta.exporter.MetricsServlet;
import jakarta.servlet.DispatcherType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumSet;

/** The admin port: the request guard in front of everything, the tasks, the menu and {@code /prometheus}. */
public final class AdminModule {
    private static final Logger LOG = LoggerFactory.getLogger(AdminModule.class);

    private AdminModule() {
    }

    /** @return the guard, which says whether a token is required */
    public static AdminRequestGuard register(Environment environment, String adminToken, DrainState drain,
                                             ShutdownCoordinator coordinator, ShutdownReportStore reports,
                                             LeaseKeeper leadership, Duration leaseTtl) {
        // Before every admin servlet: tasks refuse browsers, form content types and, when set, a missing token.
        final AdminRequestGuard guard = new AdminRequestGuard(adminToken, environment.getObjectMapper());
        environment.admin().addFilter("admin-request-guard", guard)
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        LOG.info("admin tasks: browser requests and form content types refused; admin token {}",
                guard.tokenRequired() ? "required (admin.token is set)" : "not required (admin.token is empty)");
        environment.admin().addServlet("lifecycle-tasks", new LifecycleTasksServlet(drain, coordinator, reports,
                environment.getObjectMapper())).addMapping(LifecycleTasksServlet.PATHS.toArray(String[]::new));
        LifecycleTasksServlet.listed().forEach(environment.admin()::addTask);
        environment.admin().addServlet("leadership-task", new LeadershipTaskServlet(leadership, leaseTtl,
                environment.getObjectMapper())).addMapping(LeadershipTaskServlet.PATH);
        environment.admin().addTask(new ListedTask("leadership"));
        environment.admin().addServlet("admin-menu", new AdminMenuServlet()).addMapping("");
        final CollectorRegistry prometheus = new CollectorRegistry();
        prometheus.register(new DropwizardExports(environment.metrics()));
        environment.admin().addServlet("prometheus", new MetricsServlet(prometheus)).addMapping("/prometheus");
        return guard;
    }
}
