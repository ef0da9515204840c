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
            ConfigOverride.config("auth.webhooksToken", TOKEN));
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
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"ledgerlens\"");
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

    /** Bodies are bounded before anything parses them, and a caller without the token gets nothing read at all. */
    @Test
    void bodiesAreBoundedBeforeParsingAndTheTokenComesFirst() throws Exception {
        final String big = "{\"url\":\"https://example.com/" + "a".repeat(100 * 1024) + "\",\"eventTypes\":[\"ledger.closed\"]}";
        final HttpResponse<String> anonymous = HttpProbe.json("POST", RUNNING.app("/api/webhooks"), big, T);
        assertThat(anonymous.statusCode()).as("no token: refused before the body is looked at").isEqualTo(401);

        final HttpResponse<String> declared = HttpProbe.json("POST", RUNNING.app("/api/webhooks"), big, T,
                "Authorization", "Bearer " + TOKEN);
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.body()).contains("\"code\":413").contains("at most 65536 bytes");

        // Without a length (chunked): read up to the limit and no further.
        final java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        final HttpResponse<String> chunked = client.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(RUNNING.app("/api/webhooks"))).timeout(T)
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() ->
                        new java.io.ByteArrayInputStream(big.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);

        final HttpResponse<String> gzip = HttpProbe.json("POST", RUNNING.app("/api/webhooks"), "{}", T,
                "Authorization", "Bearer " + TOKEN, "Content-Encoding", "gzip");
        assertThat(gzip.statusCode()).isEqualTo(415);
        assertThat(gzip.body()).contains("compressed request bodies");

        assertThat(HttpProbe.json("GET", RUNNING.app("/api/webhooks"), null, T, "Authorization", "Bearer " + TOKEN)
                .body()).as("nothing stored").isEqualTo("{\"records\":[]}");
    }

    @Test
    void aHeaderOverTheLimitIsRefusedWith431() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", java.net.URI.create(RUNNING.app("/")).getPort())) {
            socket.setSoTimeout((int) T.toMillis());
            socket.getOutputStream().write(("GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + "a".repeat(16 * 1024)
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            final String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            assertThat(status).startsWith("HTTP/1.1 431");
        }
    }
}
