package io.ledgerlens.e2e;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.ledgerlens.LedgerLensApplication;
import io.ledgerlens.LedgerLensConfiguration;
import io.ledgerlens.lifecycle.SignalRelay;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The real service plus test endpoints and fault switches, run as a child JVM from the shaded jar and the test
 * classes. Switches are system properties so that one class serves every scenario:
 * {@code e2e.hangOnStop} (a Managed whose stop never returns), {@code e2e.stuckJob} (a job that ignores
 * interruption), {@code e2e.startupDelayMs} (a slow start, to signal during it).
 */
public class E2eApplication extends LedgerLensApplication {
    public static void main(String[] args) throws Exception {
        SignalRelay.install();
        new E2eApplication().run(args);
    }

    @Path("/test")
    @Produces(MediaType.APPLICATION_JSON)
    public static class TestResource {
        @GET
        @Path("/fast")
        public Map<String, Object> fast() {
            return Map.of("ok", true);
        }

        @GET
        @Path("/slow")
        public Map<String, Object> slow(@QueryParam("ms") int ms) throws InterruptedException {
            Thread.sleep(ms);
            return Map.of("ok", true, "sleptMs", ms);
        }
    }

    @Override
    protected void customize(LedgerLensConfiguration config, Environment environment, Wiring wiring) {
        environment.jersey().register(new TestResource());
        if (Boolean.getBoolean("e2e.hangOnStop")) {
            environment.lifecycle().manage(new Managed() {
                @Override
                public void stop() throws InterruptedException {
                    System.out.println("e2e: hanging in Managed.stop");
                    new CountDownLatch(1).await();
                }
            });
        }
        if (Boolean.getBoolean("e2e.stuckJob")) {
            wiring.jobs().register("e2e-stuck", Duration.ofMillis(50), Duration.ofMillis(300), stop -> {
                final long end = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                while (System.nanoTime() < end) {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException ignored) {
                        // deliberately ignored: this job is the one that will not stop
                    }
                }
            });
        }
        final long delay = Long.getLong("e2e.startupDelayMs", 0);
        if (delay > 0) {
            System.out.println("e2e: startup delay begins");
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
