package io.ledgerlens.it;

import io.dropwizard.testing.ConfigOverride;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Overrides that point the repository's config.yml at free ports, a fresh SQLite file and a given Redis. */
final class AppConfig {
    static final String CONFIG = Path.of("config.yml").toAbsolutePath().toString();

    private AppConfig() {
    }

    static ConfigOverride[] overrides(String redisUrl, ConfigOverride... extra) {
        final Path dir;
        try {
            dir = Files.createTempDirectory("ledgerlens-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        final List<ConfigOverride> all = new ArrayList<>(List.of(
                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("server.adminConnectors[0].port", "0"),
                ConfigOverride.config("database.url", "jdbc:sqlite:" + dir.resolve("ledgerlens.db")),
                ConfigOverride.config("shutdown.pendingReportsDir", dir.resolve("pending-shutdown-reports").toString()),
                ConfigOverride.config("redis.url", redisUrl),
                ConfigOverride.config("redis.checkInterval", "200ms"),
                ConfigOverride.config("shutdown.drain.quietPeriod", "100ms"),
                ConfigOverride.config("logging.level", "WARN")));
        all.addAll(List.of(extra));
        return all.toArray(ConfigOverride[]::new);
    }
}
