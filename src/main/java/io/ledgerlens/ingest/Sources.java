package io.ledgerlens.ingest;

import com.codahale.metrics.MetricRegistry;
import io.ledgerlens.ingest.horizon.HorizonClient;
import io.ledgerlens.ingest.horizon.HorizonSource;
import io.ledgerlens.ingest.simulated.SimulatedNetwork;
import io.ledgerlens.ingest.simulated.SimulatedSource;

import java.time.Clock;

/** Builds the configured {@link StellarSource}. */
public final class Sources {
    private Sources() {
    }

    public static StellarSource build(SourceConfig config, MetricRegistry metrics, Clock clock) {
        return switch (config.type()) {
            case "simulated" -> new SimulatedSource(new SimulatedNetwork(config.simulated()), clock);
            case "horizon" -> new HorizonSource(HorizonClient.create(config.horizon(), metrics));
            default -> throw new IllegalArgumentException("source.type must be 'simulated' or 'horizon', got '"
                    + config.type() + "'");
        };
    }
}
