package io.ledgerlens.lifecycle;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;

/** Gauges for each background job: {@code jobs.<name>.units}, {@code .errors}, {@code .running} (1 or 0). */
public final class JobMetrics {
    private JobMetrics() {
    }

    /** Registers the jobs known now; call once every job is registered. */
    public static void register(MetricRegistry registry, BackgroundJobs jobs) {
        for (JobStatus known : jobs.status()) {
            final String name = known.name();
            registry.register("jobs." + name + ".units", (Gauge<Long>) () -> status(jobs, name).unitsCompleted());
            registry.register("jobs." + name + ".errors", (Gauge<Long>) () -> status(jobs, name).errors());
            registry.register("jobs." + name + ".running",
                    (Gauge<Integer>) () -> status(jobs, name).running() ? 1 : 0);
        }
    }

    private static JobStatus status(BackgroundJobs jobs, String name) {
        return jobs.status().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("job " + name + " is gone"));
    }
}
