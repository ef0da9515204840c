package io.ledgerlens.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.ledgerlens.ingest.horizon.HorizonConfig;
import io.ledgerlens.ingest.simulated.SimulatedConfig;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** The {@code source:} block: {@code simulated} (the default, no network needed) or {@code horizon}. */
public class SourceConfig {
    @NotNull
    @Pattern(regexp = "simulated|horizon", message = "must be 'simulated' or 'horizon'")
    @JsonProperty
    private String type = "simulated";

    @Valid
    @NotNull
    @JsonProperty
    private SimulatedConfig simulated = new SimulatedConfig();

    @Valid
    @NotNull
    @JsonProperty
    private HorizonConfig horizon = new HorizonConfig();

    public String type() {
        return type;
    }

    public SimulatedConfig simulated() {
        return simulated;
    }

    public HorizonConfig horizon() {
        return horizon;
    }
}
