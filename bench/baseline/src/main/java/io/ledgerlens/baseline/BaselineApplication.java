package io.ledgerlens.baseline;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import jakarta.websocket.server.ServerEndpointConfig;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;

/**
 * The yardstick of bench/compare.sh: what a team gets from Dropwizard with its defaults and no shutdown work of its
 * own. A fast JSON endpoint, a slow one and a WebSocket echo, wired the way the Dropwizard and Jetty documentation
 * shows. Readiness is Dropwizard's health module ({@code /health-check}); its delayed-shutdown handler is off
 * unless config.yml turns it on.
 */
public class BaselineApplication extends Application<Configuration> {
    public static void main(String[] args) throws Exception {
        new BaselineApplication().run(args);
    }

    @Override
    public String getName() {
        return "baseline";
    }

    @Override
    public void initialize(Bootstrap<Configuration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    }

    @Override
    public void run(Configuration config, Environment environment) {
        environment.jersey().register(new FastResource());
        environment.jersey().register(new SlowResource());
        JakartaWebSocketServletContainerInitializer.configure(environment.getApplicationContext(),
                (context, container) -> container.addEndpoint(
                        ServerEndpointConfig.Builder.create(EchoEndpoint.class, "/ws").build()));
    }
}
