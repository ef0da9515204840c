package io.ledgerlens.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.ledgerlens.LedgerLensConfiguration;
import io.ledgerlens.testsupport.HttpProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The defaults, no token configured (WEBHOOKS_API_TOKEN empty): before issue 15 anyone could list, change and
 * delete webhook subscriptions then. Now a token is made at first start, kept in a 0600 file next to the SQLite
 * database, and every webhook call without it is refused with a JSON 401; public ledger data stays open.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class WebhooksAuthTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SOME_ID = "/api/webhooks/wh_0123456789abcdef";
    private static final InProcessApp RUNNING = InProcessApp.withRedis(
            ConfigOverride.config("webhooks.allowPrivateTargets", "true"));
    private static final DropwizardAppExtension<LedgerLensConfiguration> APP = RUNNING.extension;

    @AfterAll
    static void stopRedis() {
        RUNNING.redis.close();
    }

    private static Path tokenFile() {
        return APP.getConfiguration().database().sqliteFile().orElseThrow().toAbsolutePath()
                .resolveSibling("api-token");
    }

    private static String token() throws Exception {
        return Files.readString(tokenFile()).strip();
    }

    private static HttpResponse<String> call(String method, String path, String body, String... headers) {
        return HttpProbe.json(method, RUNNING.app(path), body, T, headers);
    }

    @Test
    void theTokenIsMadeAtFirstStartInAFileOnlyItsUserCanRead() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile()))).isEqualTo("rw-------");
        assertThat(token()).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void everyWebhookCallWithoutTheTokenGetsAJson401WithTheBearerChallenge() throws Exception {
        final String create = "{\"url\":\"http://127.0.0.1:9/hook\",\"eventTypes\":[\"ledger.closed\"]}";
        final List<String[]> calls = List.of(new String[] {"GET", "/api/webhooks", null},
                new String[] {"POST", "/api/webhooks", create}, new String[] {"GET", SOME_ID, null},
                new String[] {"PATCH", SOME_ID, "{\"active\":false}"}, new String[] {"DELETE", SOME_ID, null},
                new String[] {"POST", SOME_ID + "/rotate-secret", null}, new String[] {"POST", SOME_ID + "/test", null},
                new String[] {"GET", SOME_ID + "/deliveries", null}, new String[] {"GET", SOME_ID + "/dead-letters", null},
                new String[] {"POST", SOME_ID + "/dead-letters/retry", null});
        final String right = token();
        for (String[] c : calls) {
            for (String auth : new String[] {null, "Bearer wrong", "Basic " + right, "Bearer " + right + "x", right}) {
                final HttpResponse<String> response = auth == null ? call(c[0], c[1], c[2])
                        : call(c[0], c[1], c[2], "Authorization", auth);
                final String what = c[0] + " " + c[1] + " with " + (auth == null ? "no token" : "a wrong token");
                assertThat(response.statusCode()).as(what).isEqualTo(401);
                assertThat(response.headers().firstValue("Content-Type")).as(what).hasValue("application/json");
                assertThat(response.headers().firstValue("WWW-Authenticate")).as(what)
                        .hasValue("Bearer realm=\"ledgerlens\"");
                final JsonNode body = JSON.readTree(response.body());
                assertThat(body.get("code").asInt()).isEqualTo(401);
                assertThat(body.get("message").asText()).contains("Authorization: Bearer");
            }
        }
        assertThat(call("GET", "/api/webhooks", null, "Authorization", "Bearer " + right).body())
                .as("nothing was created").isEqualTo("{\"records\":[]}");
    }

    @Test
    void theTokenFromTheFileManagesWebhooks() throws Exception {
        final String[] auth = {"Authorization", "Bearer " + token()};
        final HttpResponse<String> created = call("POST", "/api/webhooks",
                "{\"url\":\"http://127.0.0.1:9/hook\",\"eventTypes\":[\"ledger.closed\"]}", auth);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        final String id = JSON.readTree(created.body()).get("id").asText();
        assertThat(call("PATCH", "/api/webhooks/" + id, "{\"active\":false}", auth).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/api/webhooks", null, auth).body()).contains(id);
        assertThat(call("DELETE", "/api/webhooks/" + id, null, auth).statusCode()).isEqualTo(204);
    }

    @Test
    void aTokenInTheQueryStringIsRefusedWith400() throws Exception {
        final HttpResponse<String> response = call("GET", "/api/webhooks?access_token=" + token(), null);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("message").asText()).contains("access_token");
    }

    /**
     * 1 MB declared, 1 KiB sent: the 401 comes at once, so the body was not waited for. Were the body bound first,
     * the answer would be 413 (or the server would wait for the rest).
     */
    @Test
    void anUnauthenticatedBigBodyGets401WithoutBeingRead() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", URI.create(RUNNING.app("/")).getPort())) {
            socket.setSoTimeout((int) T.toMillis());
            final OutputStream out = socket.getOutputStream();
            out.write(("POST /api/webhooks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (1024 * 1024) + "\r\n\r\n" + "{".repeat(1024))
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final String status = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertThat(status).startsWith("HTTP/1.1 401");
        }
    }

    @Test
    void publicLedgerDataStaysOpen() {
        assertThat(call("GET", "/api/status", null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/api/ledgers?limit=1", null).statusCode()).isEqualTo(200);
    }
}
