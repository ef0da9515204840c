package io.ledgerlens.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.validation.MaxDataSize;
import io.dropwizard.validation.MinDataSize;
import jakarta.validation.constraints.NotNull;

/** Limits on what a client may send to the application port. */
public class ApiConfig {
    /** The largest request body taken in; larger ones get 413 before any of it is parsed. */
    @NotNull
    @MinDataSize(1)
    @MaxDataSize(value = 16, unit = io.dropwizard.util.DataSizeUnit.MEBIBYTES)
    @JsonProperty
    private DataSize maxRequestBody = DataSize.kibibytes(64);

    public int maxRequestBodyBytes() {
        return (int) maxRequestBody.toBytes();
    }
}
