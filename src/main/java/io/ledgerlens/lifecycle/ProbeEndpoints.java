package io.ledgerlens.lifecycle;

import io.dropwizard.core.setup.Environment;
import jakarta.servlet.DispatcherType;

import java.util.EnumSet;

/**
 * What a balancer and an orchestrator see of the lifecycle on the application port: the request tracker in front
 * of every request (it counts them for the drain and adds {@code Connection: close} while draining), readiness
 * (503 from the first instant of a drain) and liveness (200 while the process is alive).
 */
public final class ProbeEndpoints {
    private ProbeEndpoints() {
    }

    public static void register(Environment environment, DrainState drain, RequestTracker requests,
                                String readinessPath, String livenessPath) {
        environment.servlets().addFilter("request-tracker", requests)
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        environment.servlets().addServlet("readiness", new ReadinessServlet(drain)).addMapping(readinessPath);
        environment.servlets().addServlet("liveness", new LivenessServlet(drain)).addMapping(livenessPath);
    }
}
