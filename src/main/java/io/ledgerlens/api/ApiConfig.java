package io.ledgerlens.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.validation.MaxDataSize;
import io.dropwizard.validation.MinDataSize;
import io.dropwizard.validation.ValidationMethod;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.ledgerlens.net.Cidr;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.util.Arrays;
import java.util.List;

/** Limits on what a client may send to the application port. */
public class ApiConfig {
    /** The largest request body taken in; larger ones get 413 before any of it is parsed. */
    @NotNull
    @MinDataSize(1)
    @MaxDataSize(value = 16, unit = io.dropwizard.util.DataSizeUnit.MEBIBYTES)
    @JsonProperty
    private DataSize maxRequestBody = DataSize.kibibytes(64);

    /** Open connections one client address may hold on the application port; 0: no limit. */
    @Min(0)
    @Max(1_000_000)
    @JsonProperty
    private int maxConnectionsPerAddress = 256;

    /** Networks not counted, comma-separated CIDRs: loopback, and a balancer's network where clients come through one. */
    @NotNull
    @JsonProperty
    private String connectionLimitExempt = "127.0.0.0/8,::1/128";

    public int maxConnectionsPerAddress() {
        return maxConnectionsPerAddress;
    }

    @JsonIgnore
    public List<Cidr> connectionLimitExempt() {
        return Arrays.stream(connectionLimitExempt.split(",")).filter(s -> !s.isBlank()).map(Cidr::parse).toList();
    }

    @JsonIgnore
    @ValidationMethod(message = "api.connectionLimitExempt must be IP networks in CIDR notation, comma-separated "
            + "(e.g. 127.0.0.0/8,::1/128,10.0.0.0/8)")
    public boolean isConnectionLimitExemptValid() {
        try {
            connectionLimitExempt();
            return true;
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    public int maxRequestBodyBytes() {
        return (int) maxRequestBody.toBytes();
    }
}
