package io.ledgerlens.e2e;

import io.ledgerlens.testsupport.HttpProbe;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's run command on its defaults (config.yml, SQLite, no WEBHOOKS_API_TOKEN): the first start makes the
 * token file next to the database, mode 0600, logs where it is and never the token; webhook management needs it,
 * ledger reads do not; the second start keeps the same token.
 */
class DefaultAuthIT extends ChildServiceTest {
    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void theFirstStartMakesAPrivateTokenFileAndWebhooksNeedIt() throws Exception {
        service.env("WEBHOOKS_API_TOKEN", "");
        service.startAndAwaitReady();
        final Path file = dir.resolve("api-token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        final String token = Files.readString(file).strip();

        final HttpResponse<String> anonymous = HttpProbe.get(service.app("/api/webhooks"), T);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"ledgerlens\"");
        assertThat(HttpProbe.json("GET", service.app("/api/webhooks"), null, T, "Authorization", "Bearer " + token)
                .statusCode()).isEqualTo(200);
        assertThat(HttpProbe.get(service.app("/api/ledgers?limit=1"), T).statusCode()).isEqualTo(200);

        service.jvm().signal("TERM");
        assertThat(service.jvm().waitForExit(service.totalBudget().plusSeconds(10))).isZero();
        assertThat(service.log()).contains("API token for /api/webhooks written to " + file.toAbsolutePath())
                .doesNotContain(token);

        service.startAndAwaitReady();
        assertThat(Files.readString(file).strip()).as("kept across starts").isEqualTo(token);
        assertThat(service.log()).contains("API token for /api/webhooks read from").doesNotContain(token);
    }
}
