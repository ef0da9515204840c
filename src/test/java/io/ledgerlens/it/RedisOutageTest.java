package io.ledgerlens.it;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.ledgerlens.LedgerLensConfiguration;
import io.ledgerlens.testsupport.HttpProbe;
import io.ledgerlens.testsupport.Poll;
import io.ledgerlens.testsupport.RedisProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Redis is an accelerator: the service starts and serves without it and picks it up when it appears. */
@ExtendWith(DropwizardExtensionsSupport.class)
class RedisOutageTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final InProcessApp RUNNING = InProcessApp.withRedisDown();
    private static final RedisProcess REDIS = RUNNING.redis;
    private static final int REDIS_PORT = REDIS.port();
    private static final DropwizardAppExtension<LedgerLensConfiguration> APP = RUNNING.extension;

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    private static String admin(String path) {
        return RUNNING.admin(path);
    }

    @Test
    void startsDegradedWithoutRedisAndReconnectsWhenItAppears() {
        assertThat(HttpProbe.get(RUNNING.app("/health-check"), T).statusCode())
                .as("readiness does not depend on Redis").isEqualTo(200);
        final var health = HttpProbe.get(admin("/healthcheck"), T);
        assertThat(health.statusCode()).isEqualTo(500);
        assertThat(health.body()).contains("unreachable at redis://127.0.0.1:" + REDIS_PORT);

        REDIS.restart();
        Poll.until("redis reported reachable", T,
                () -> HttpProbe.get(admin("/healthcheck"), T).statusCode() == 200);
        Poll.until("queued writes flushed once redis is back", T,
                () -> RUNNING.application().wiring().redis().pendingWrites() == 0);
    }
}
