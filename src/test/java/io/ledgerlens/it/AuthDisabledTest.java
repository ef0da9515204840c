package io.ledgerlens.it;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.ledgerlens.LedgerLensConfiguration;
import io.ledgerlens.testsupport.HttpProbe;
import io.ledgerlens.testsupport.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code auth.mode: disabled}, for tests: webhooks open to anyone, no token file, and a loud warning at start. */
@ExtendWith(DropwizardExtensionsSupport.class)
class AuthDisabledTest {
    private static final Duration T = InProcessApp.T;
    private static final Path LOG = InProcessApp.tempFile("ledgerlens-log", "app.log");
    private static final InProcessApp RUNNING = InProcessApp.withRedis(
            ConfigOverride.config("auth.mode", "disabled"),
            ConfigOverride.config("logging.appenders[0].type", "file"),
            ConfigOverride.config("logging.appenders[0].currentLogFilename", LOG.toString()),
            ConfigOverride.config("logging.appenders[0].archive", "false"));
    private static final DropwizardAppExtension<LedgerLensConfiguration> APP = RUNNING.extension;

    @AfterAll
    static void stopRedis() {
        RUNNING.redis.close();
    }

    @Test
    void webhooksAreOpenNoTokenIsMadeAndTheStartSaysSoLoudly() throws Exception {
        assertThat(HttpProbe.get(RUNNING.app("/api/webhooks"), T).body()).isEqualTo("{\"records\":[]}");
        assertThat(APP.getConfiguration().database().sqliteFile().orElseThrow().toAbsolutePath()
                .resolveSibling("api-token")).doesNotExist();
        Poll.until("the warning in the log", T, () -> log().contains("AUTHENTICATION DISABLED"));
        assertThat(log()).contains("WARN").contains("can manage webhooks")
                .contains("for tests only");
    }

    private static String log() {
        try {
            return Files.exists(LOG) ? Files.readString(LOG) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aTokenInTheQueryStringIsStillRefused() {
        assertThat(HttpProbe.get(RUNNING.app("/api/webhooks?access_token=x"), T).statusCode()).isEqualTo(400);
    }
}
