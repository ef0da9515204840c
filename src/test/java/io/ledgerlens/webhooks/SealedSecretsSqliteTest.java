package io.ledgerlens.webhooks;

import io.ledgerlens.testsupport.TestStore;

/** {@link SealedSecretsContract} on SQLite. */
class SealedSecretsSqliteTest extends SealedSecretsContract {
    @Override
    TestStore store() {
        return TestStore.SQLITE;
    }
}
