package io.ledgerlens.it;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.ledgerlens.LedgerLensConfiguration;
import io.ledgerlens.testsupport.HttpProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static io.ledgerlens.it.AdminRequestGuardTest.assertJsonError;
import static io.ledgerlens.it.AdminRequestGuardTest.post;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code admin.token} set: the admin tasks need {@code Authorization: Bearer <token>}; reads do not. */
@ExtendWith(DropwizardExtensionsSupport.class)
class AdminTokenTest {
    private static final Duration T = InProcessApp.T;
    private static final String TOKEN = "admin-token-for-the-test";
    private static final InProcessApp GUARDED = InProcessApp.withRedis(ConfigOverride.config("admin.token", TOKEN));
    private static final DropwizardAppExtension<LedgerLensConfiguration> APP = GUARDED.extension;

    @AfterAll
    static void stopRedis() {
        GUARDED.redis.close();
    }

    private static void assertServing() {
        assertThat(GUARDED.application().wiring().drain().isDraining()).as("draining").isFalse();
        assertThat(HttpProbe.get(GUARDED.app("/health-check"), T).statusCode()).isEqualTo(200);
    }

    @Test
    void aConfiguredTokenIsRequiredOnTasks() throws Exception {
        assertJsonError(post(GUARDED, "/tasks/drain", null), 401, "Authorization: Bearer");
        assertThat(post(GUARDED, "/tasks/drain", null).headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertJsonError(post(GUARDED, "/tasks/drain", null, "Authorization", "Bearer wrong"), 401, "admin.token");
        assertJsonError(post(GUARDED, "/tasks/drain", null, "Authorization", "Bearer " + TOKEN + "x"), 401, "token");
        assertJsonError(post(GUARDED, "/tasks/shutdown", null, "Authorization", "Basic " + TOKEN), 401, "token");
        assertServing();
        assertThat(GUARDED.application().wiring().coordinator().isShuttingDown()).isFalse();

        // The token does not make a browser request acceptable.
        assertJsonError(post(GUARDED, "/tasks/drain", null, "Authorization", "Bearer " + TOKEN,
                "Origin", "http://evil.example"), 403, "Origin");
        assertServing();

        final HttpResponse<String> drained = post(GUARDED, "/tasks/drain", null, "Authorization", "Bearer " + TOKEN);
        assertThat(drained.statusCode()).as(drained.body()).isEqualTo(200);
        assertThat(GUARDED.application().wiring().drain().isDraining()).isTrue();
    }

    @Test
    void readsNeedNoToken() {
        for (String path : List.of("/healthcheck", "/metrics", "/prometheus", "/ping")) {
            final HttpResponse<String> response = HttpProbe.get(GUARDED.admin(path), T);
            assertThat(response.statusCode()).as(path).isNotIn(401, 403, 415);
        }
    }
}
