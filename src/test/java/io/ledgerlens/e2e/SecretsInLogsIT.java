package io.ledgerlens.e2e;

import io.ledgerlens.testsupport.HttpProbe;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator's log and health check show of secrets: a token sent in a query string (the WebSocket's
 * {@code ?token=} form) and a password in {@code REDIS_URL} appear in neither; the request is still logged.
 */
class SecretsInLogsIT extends ChildServiceTest {
    @Test
    void aQueryStringTokenAndARedisPasswordReachNeitherTheLogNorTheHealthCheck() throws Exception {
        // redis-server without a password refuses the AUTH: the service runs degraded and says so, with the URL.
        service.env("REDIS_URL", redis.url().replace("redis://", "redis://:hunter2-redis@"));
        service.startAndAwaitReady();

        assertThat(HttpProbe.get(service.app("/api/status?token=s3cr3t-ws-token"), Duration.ofSeconds(10))
                .statusCode()).isEqualTo(200);
        final String health = HttpProbe.get(service.admin("/healthcheck"), Duration.ofSeconds(10)).body();
        assertThat(health).contains("redis").doesNotContain("hunter2-redis");

        service.jvm().signal("TERM");
        assertThat(service.jvm().waitForExit(service.totalBudget().plusSeconds(10))).isZero();
        final String log = service.log();
        assertThat(log).contains("\"GET /api/status HTTP/1.1\" 200")
                .doesNotContain("s3cr3t-ws-token")
                .doesNotContain("hunter2-redis");
    }
}
