package io.ledgerlens;

import io.ledgerlens.api.ApiConfig;
import io.ledgerlens.auth.AuthConfig;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.dropwizard.core.setup.AdminFactory;
import io.ledgerlens.admin.AdminSettings;
import io.ledgerlens.lifecycle.LeadershipConfig;
import io.ledgerlens.lifecycle.RunLiveness;
import jakarta.validation.constraints.Pattern;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.validation.ValidationMethod;
import io.ledgerlens.cache.CacheConfig;
import io.ledgerlens.cache.RedisConfig;
import io.ledgerlens.db.DatabaseConfig;
import io.ledgerlens.ingest.IngestConfig;
import io.ledgerlens.ingest.SourceConfig;
import io.ledgerlens.sync.SyncConfig;
import io.ledgerlens.lifecycle.ShutdownConfig;
import io.ledgerlens.retention.RetentionConfig;
import io.ledgerlens.webhooks.WebhookConfig;
import io.ledgerlens.ws.WebSocketConfig;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;
import java.util.Map;

public class LedgerLensConfiguration extends Configuration {
    @Valid
    @NotNull
    @JsonProperty
    private DatabaseConfig database = sqliteDefaults();

    @Valid
    @NotNull
    @JsonProperty
    private RedisConfig redis = new RedisConfig();

    @Valid
    @NotNull
    @JsonProperty
    private ShutdownConfig shutdown = new ShutdownConfig();

    @Valid
    @NotNull
    @JsonProperty
    private WebSocketConfig websocket = new WebSocketConfig();

    @Valid
    @NotNull
    @JsonProperty
    private SourceConfig source = new SourceConfig();

    @Valid
    @NotNull
    @JsonProperty
    private IngestConfig ingest = new IngestConfig();

    @Valid
    @NotNull
    @JsonProperty
    private SyncConfig sync = new SyncConfig();

    @Valid
    @NotNull
    @JsonProperty
    private CacheConfig cache = new CacheConfig();

    @Valid
    @NotNull
    @JsonProperty
    private WebhookConfig webhooks = new WebhookConfig();

    @Valid
    @NotNull
    @JsonProperty
    private LeadershipConfig leadership = new LeadershipConfig();

    @Valid
    @NotNull
    @JsonProperty
    private RetentionConfig retention = new RetentionConfig();

    @Valid
    @NotNull
    @JsonProperty
    private ApiConfig api = new ApiConfig();

    @Valid
    @NotNull
    @JsonProperty
    private AuthConfig auth = new AuthConfig();

    /** This instance's name in runs, reports, leases and logs; empty: the host name. */
    @NotNull
    @Pattern(regexp = "[A-Za-z0-9._:-]{0,100}", message = "must be at most 100 letters, digits or ._:-")
    @JsonProperty
    private String instanceId = "";

    public LedgerLensConfiguration() {
        super.setAdminFactory(new AdminSettings());
    }

    /** Dropwizard's {@code admin} section with our {@code admin.token}. */
    @Override
    @JsonProperty("admin")
    @JsonDeserialize(as = AdminSettings.class)
    public void setAdminFactory(AdminFactory admin) {
        super.setAdminFactory(admin instanceof AdminSettings ? admin : new AdminSettings());
    }

    @JsonIgnore
    public AdminSettings admin() {
        return (AdminSettings) getAdminFactory();
    }

    private static DatabaseConfig sqliteDefaults() {
        final DatabaseConfig factory = new DatabaseConfig();
        factory.setDriverClass("org.sqlite.JDBC");
        factory.setUrl("jdbc:sqlite:./data/ledgerlens.db");
        factory.setProperties(Map.of("journal_mode", "WAL", "busy_timeout", "5000", "synchronous", "NORMAL",
                "transaction_mode", "IMMEDIATE"));
        factory.setValidationQuery("SELECT 1");
        return factory;
    }

    public DatabaseConfig database() {
        return database;
    }

    public RedisConfig redis() {
        return redis;
    }

    public ShutdownConfig shutdown() {
        return shutdown;
    }

    public WebSocketConfig websocket() {
        return websocket;
    }

    public SourceConfig source() {
        return source;
    }

    public IngestConfig ingest() {
        return ingest;
    }

    public SyncConfig sync() {
        return sync;
    }

    public CacheConfig cache() {
        return cache;
    }

    public WebhookConfig webhooks() {
        return webhooks;
    }

    public LeadershipConfig leadership() {
        return leadership;
    }

    public RetentionConfig retention() {
        return retention;
    }

    public ApiConfig api() {
        return api;
    }

    public AuthConfig auth() {
        return auth;
    }

    /** {@code instanceId}, or the host name when it is empty. */
    @JsonIgnore
    public String instanceIdOrHost() {
        return instanceId.isEmpty() ? RunLiveness.hostName() : instanceId;
    }

    /** The HTTP phase's budget: Dropwizard's {@code server.shutdownGracePeriod}. */
    @JsonIgnore
    public Duration httpGracePeriod() {
        return ((AbstractServerFactory) getServerFactory()).getShutdownGracePeriod().toJavaDuration();
    }

    @JsonIgnore
    @ValidationMethod(message = "server.shutdownGracePeriod (SHUTDOWN_GRACEFUL_TIMEOUT) must fit in "
            + "shutdown.totalTimeout (SHUTDOWN_TOTAL_TIMEOUT) minus shutdown.reportReserve minus the 1s signal "
            + "phase: Jetty would otherwise wait for in-flight requests longer than the whole shutdown may take")
    public boolean isHttpGraceWithinTotal() {
        if (!(getServerFactory() instanceof AbstractServerFactory) || shutdown == null) {
            return true;
        }
        return httpGracePeriod().compareTo(shutdown.phaseWindow()) <= 0;
    }
}
