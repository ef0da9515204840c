package io.ledgerlens.cache;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.jackson.Jackson;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A Redis URL with a password is shown without it: in logs and on the health check. */
class RedisConfigTest {
    @Test
    void credentialsAreRedacted() {
        assertThat(RedisConfig.redact("redis://:hunter2@cache:6379")).isEqualTo("redis://***@cache:6379");
        assertThat(RedisConfig.redact("rediss://app:hunter2@cache:6380/2")).isEqualTo("rediss://***@cache:6380/2");
        assertThat(RedisConfig.redact("redis://127.0.0.1:6379")).isEqualTo("redis://127.0.0.1:6379");
    }

    @Test
    void theHealthCheckNamesTheServerWithoutThePassword() throws Exception {
        final RedisConfig config = Jackson.newObjectMapper().convertValue(Map.of("url",
                "redis://:hunter2@127.0.0.1:1", "connectTimeout", "100ms", "socketTimeout", "100ms"), RedisConfig.class);
        final RedisCache cache = new RedisCache(config, new MetricRegistry());
        try {
            cache.ping();
            final String message = new RedisHealthCheck(cache).execute().getMessage();
            assertThat(message).contains("127.0.0.1:1").doesNotContain("hunter2");
        } finally {
            cache.stop(java.time.Duration.ofSeconds(1));
        }
    }
}
