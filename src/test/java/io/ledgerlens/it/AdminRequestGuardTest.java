package io.ledgerlens.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.ledgerlens.LedgerLensConfiguration;
import io.ledgerlens.testsupport.HttpProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin port's guard against a web page in the operator's browser (reaching 127.0.0.1:8081 through a
 * {@code kubectl port-forward}), on a real instance with the default configuration (no admin token). The token:
 * {@link AdminTokenTest}.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AdminRequestGuardTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration T = InProcessApp.T;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(T).build();

    private static final InProcessApp OPEN = InProcessApp.withRedis();
    private static final DropwizardAppExtension<LedgerLensConfiguration> OPEN_APP = OPEN.extension;

    @AfterAll
    static void stopRedis() {
        OPEN.redis.close();
    }

    @AfterEach
    void undrain() {
        OPEN.application().wiring().drain().undrain();
    }

    /** A POST with no body and the given headers (name, value, ...), as a browser or curl would send it. */
    static HttpResponse<String> post(InProcessApp app, String path, String body, String... headers)
            throws Exception {
        final HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(app.admin(path))).timeout(T)
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertJsonError(HttpResponse<String> response, int status, String says) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        final JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("code").asInt()).isEqualTo(status);
        assertThat(body.path("message").asText()).contains(says);
    }

    private static void assertServing(InProcessApp app) {
        assertThat(app.application().wiring().drain().isDraining()).as("draining").isFalse();
        assertThat(HttpProbe.get(app.app("/health-check"), T).statusCode()).isEqualTo(200);
    }

    @Test
    void aDrainSentWithAnOriginIsRefusedAndTheInstanceKeepsServing() throws Exception {
        assertJsonError(post(OPEN, "/tasks/drain", null, "Origin", "http://evil.example"), 403, "Origin");
        assertServing(OPEN);
        // Same-origin as the admin port itself (a DNS-rebinding page) and the opaque origin of a sandboxed page.
        assertJsonError(post(OPEN, "/tasks/drain", null, "Origin", OPEN.admin("")), 403, "browser");
        assertJsonError(post(OPEN, "/tasks/drain", null, "Origin", "null"), 403, "browser");
        assertJsonError(post(OPEN, "/tasks/drain", null, "Sec-Fetch-Site", "cross-site"), 403, "Sec-Fetch-Site");
        assertServing(OPEN);
    }

    @Test
    void everyStateChangingTaskRefusesABrowser() throws Exception {
        for (String path : List.of("/tasks/drain", "/tasks/undrain", "/tasks/shutdown",
                "/tasks/leadership?release=true", "/tasks/gc", "/tasks/log-level?logger=io.ledgerlens&level=OFF")) {
            assertJsonError(post(OPEN, path, null, "Origin", "http://evil.example"), 403, "Origin");
        }
        assertThat(OPEN.application().wiring().coordinator().isShuttingDown()).isFalse();
        assertServing(OPEN);
    }

    @Test
    void formAndPlainTextBodiesThatNeedNoPreflightAreRefused() throws Exception {
        for (String type : List.of("application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "text/plain", "TEXT/PLAIN;charset=UTF-8")) {
            assertJsonError(post(OPEN, "/tasks/drain", "a=b", "Content-Type", type), 415, "web form");
        }
        assertServing(OPEN);
    }

    @Test
    void curlStylePostsAreAcceptedWithoutATokenByDefault() throws Exception {
        // curl -X POST sends no body and no Content-Type.
        final HttpResponse<String> drained = post(OPEN, "/tasks/drain", null, "User-Agent", "curl/8.5.0");
        assertThat(drained.statusCode()).as(drained.body()).isEqualTo(200);
        assertThat(OPEN.application().wiring().drain().isDraining()).isTrue();
        final HttpResponse<String> undrained = post(OPEN, "/tasks/undrain", "{}", "Content-Type", "application/json");
        assertThat(undrained.statusCode()).as(undrained.body()).isEqualTo(200);
        assertServing(OPEN);
        assertThat(post(OPEN, "/tasks/shutdown?dryRun=true", null).statusCode()).isEqualTo(200);
        assertThat(post(OPEN, "/tasks/shutdown-report", null).statusCode()).isEqualTo(200);
    }

    @Test
    void readsStayOpenEvenWithAnOrigin() {
        for (String path : List.of("/healthcheck", "/metrics", "/prometheus", "/ping")) {
            final HttpResponse<String> response = HttpProbe.json("GET", OPEN.admin(path), null, T,
                    "Origin", "http://evil.example");
            assertThat(response.statusCode()).as(path).isNotIn(401, 403, 415);
        }
    }
}
