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

import static org.assertj.core.api.Assertions.assertThat;

/** The production defaults: an API token is required, and internal targets are refused before anything is stored. */
@ExtendWith(DropwizardExtensionsSupport.class)
class WebhooksGuardedApiTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final String TOKEN = "s3cret-token";
    private static final InProcessApp RUNNING = InProcessApp.withRedis(
            ConfigOverride.config("webhooks.apiToken", TOKEN));
    private static final DropwizardAppExtension<LedgerLensConfiguration> APP = RUNNING.extension;

    @AfterAll
    static void stopRedis() {
        RUNNING.redis.close();
    }

    @Test
    void withoutTheTokenEveryCallIsRefused() {
        for (String auth : new String[] {null, "Bearer wrong", "Basic " + TOKEN, "Bearer " + TOKEN + "x"}) {
            final HttpResponse<String> response = auth == null
                    ? HttpProbe.json("GET", RUNNING.app("/api/webhooks"), null, T)
                    : HttpProbe.json("GET", RUNNING.app("/api/webhooks"), null, T, "Authorization", auth);
            assertThat(response.statusCode()).as(auth).isEqualTo(401);
            assertThat(response.body()).contains("Authorization: Bearer");
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        }
        assertThat(HttpProbe.json("GET", RUNNING.app("/api/webhooks"), null, T, "Authorization", "Bearer " + TOKEN)
                .statusCode()).isEqualTo(200);
    }

    @Test
    void internalTargetsAreRefusedAndNothingIsStored() {
        for (String url : new String[] {"http://127.0.0.1:9/hook", "http://localhost/hook",
            "http://169.254.169.254/latest/meta-data", "http://10.1.2.3/", "http://[::1]:8080/"}) {
            final HttpResponse<String> response = HttpProbe.json("POST", RUNNING.app("/api/webhooks"),
                    "{\"url\":\"" + url + "\",\"eventTypes\":[\"ledger.closed\"]}", T, "Authorization", "Bearer " + TOKEN);
            assertThat(response.statusCode()).as(url).isEqualTo(400);
            assertThat(response.body()).as(url).contains("refused");
        }
        assertThat(HttpProbe.json("GET", RUNNING.app("/api/webhooks"), null, T, "Authorization", "Bearer " + TOKEN)
                .body()).isEqualTo("{\"records\":[]}");
    }
}
