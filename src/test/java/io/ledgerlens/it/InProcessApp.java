package io.ledgerlens.it;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.ledgerlens.LedgerLensConfiguration;
import io.ledgerlens.testsupport.HttpProbe;
import io.ledgerlens.testsupport.RedisProcess;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The real application in the test JVM ({@link TestApp}) on free ports, with a fresh SQLite file and a
 * redis-server of its own. A test class keeps the extension in a static field for Dropwizard's JUnit support.
 */
final class InProcessApp {
    static final Duration T = Duration.ofSeconds(10);

    final RedisProcess redis;
    final DropwizardAppExtension<LedgerLensConfiguration> extension;

    private InProcessApp(RedisProcess redis, ConfigOverride... overrides) {
        this.redis = redis;
        this.extension = new DropwizardAppExtension<>(TestApp.class, AppConfig.CONFIG,
                AppConfig.overrides(redis.url(), overrides));
    }

    static InProcessApp withRedis(ConfigOverride... overrides) {
        return new InProcessApp(RedisProcess.start(), overrides);
    }

    /** Redis is configured but not running; the test may start it with {@code redis.restart()}. */
    static InProcessApp withRedisDown() {
        final RedisProcess redis = RedisProcess.start();
        redis.kill();
        return new InProcessApp(redis);
    }

    /** A file name in a fresh temporary directory, for a log the test reads (a static field's initialiser). */
    static java.nio.file.Path tempFile(String directory, String name) {
        try {
            return java.nio.file.Files.createTempDirectory(directory).resolve(name);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    TestApp application() {
        return extension.getApplication();
    }

    String app(String path) {
        return "http://127.0.0.1:" + extension.getLocalPort() + path;
    }

    String admin(String path) {
        return "http://127.0.0.1:" + extension.getAdminPort() + path;
    }

    URI ws() {
        return URI.create("ws://127.0.0.1:" + extension.getLocalPort() + "/ws");
    }

    HttpResponse<String> postAdmin(String path) {
        return HttpProbe.post(admin(path), "", T);
    }
}
