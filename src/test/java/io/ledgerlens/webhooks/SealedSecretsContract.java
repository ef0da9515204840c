package io.ledgerlens.webhooks;

import io.ledgerlens.db.Database;
import io.ledgerlens.testsupport.TestDatabases;
import io.ledgerlens.testsupport.TestStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.ledgerlens.webhooks.SecretSealerTest.K1;
import static io.ledgerlens.webhooks.SecretSealerTest.K2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Signing secrets at rest on a real store: what the table holds once a key is set, that the service still reads
 * the secret it signs with, and a rotation. Before, the column held every secret as the API returned it: anyone
 * with a copy of the database or a backup could sign webhooks as the service.
 */
abstract class SealedSecretsContract {
    abstract TestStore store();

    @TempDir
    Path dir;
    Database db;

    @BeforeEach
    void open() throws Exception {
        db = TestDatabases.open(store(), dir);
    }

    @AfterEach
    void close() throws Exception {
        db.stop(Duration.ofSeconds(1));
    }

    private Subscription subscription(String id) {
        final Instant now = Instant.now();
        return new Subscription(id, "https://example.com/hook", List.of("ledger.closed"), "", Secrets.signingSecret(),
                true, 0, now, now);
    }

    /** What the table holds for the secret: {@code secret}, or the marker there and {@code sealed_secret}. */
    private String column(String id) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT secret, sealed_secret FROM webhook_subscriptions "
                + "WHERE id = :id").bind("id", id).map((rs, ctx) -> rs.getString("sealed_secret") == null
                ? rs.getString("secret") : rs.getString("secret") + " " + rs.getString("sealed_secret")).one());
    }

    private Subscription read(String id) {
        return db.jdbi().withHandle(h -> Subscriptions.find(h, id)).orElseThrow();
    }

    @Test
    void withAKeyTheTableHoldsNoSecretAndTheServiceReadsItBack() throws Exception {
        Webhooks.sealSecrets(SecretSealer.of(K1, ""), db, db);
        final Subscription s = subscription("wh_00000000000000a1");
        db.useTransaction(h -> Subscriptions.insert(h, s));
        assertThat(column(s.id())).startsWith("sealed sealed:k1:").doesNotContain(s.secret().substring(6));
        assertThat(read(s.id()).secret()).isEqualTo(s.secret());

        final String rotated = Secrets.signingSecret();
        db.useTransaction(h -> Subscriptions.updateSecret(h, s.id(), rotated, Instant.now()));
        assertThat(column(s.id())).startsWith("sealed sealed:k1:").doesNotContain(rotated.substring(6));
        assertThat(read(s.id()).secret()).isEqualTo(rotated);
    }

    @Test
    void settingAKeySealsWhatWasStoredPlainAndRotatingItSealsEverythingAnew() throws Exception {
        final Subscription plain = subscription("wh_00000000000000b1");
        db.useTransaction(h -> Subscriptions.insert(h, plain));
        assertThat(column(plain.id())).isEqualTo(plain.secret());

        Webhooks.sealSecrets(SecretSealer.of(K1, ""), db, db);
        assertThat(column(plain.id())).startsWith("sealed sealed:k1:");
        assertThat(read(plain.id()).secret()).isEqualTo(plain.secret());

        Webhooks.sealSecrets(SecretSealer.of(K2, K1), db, db);
        assertThat(column(plain.id())).startsWith("sealed sealed:k2:");
        assertThat(read(plain.id()).secret()).isEqualTo(plain.secret());

        // The old key may go once every instance has started with the new one: nothing needs it any more.
        Webhooks.sealSecrets(SecretSealer.of(K2, ""), db, db);
        assertThat(read(plain.id()).secret()).isEqualTo(plain.secret());
    }

    @Test
    void aStartWithoutTheKeyASecretWasSealedWithIsRefusedAndChangesNothing() throws Exception {
        Webhooks.sealSecrets(SecretSealer.of(K1, ""), db, db);
        final Subscription s = subscription("wh_00000000000000c1");
        db.useTransaction(h -> Subscriptions.insert(h, s));
        final String stored = column(s.id());

        assertThatThrownBy(() -> Webhooks.sealSecrets(SecretSealer.of(K2, ""), db, db))
                .hasStackTraceContaining("sealed with key 'k1'");
        assertThat(column(s.id())).isEqualTo(stored);
        Webhooks.sealSecrets(SecretSealer.PLAIN, db, db);
        assertThatThrownBy(() -> read(s.id())).hasStackTraceContaining("key 'k1'");
        assertThat(column(s.id())).isEqualTo(stored);
    }
}
