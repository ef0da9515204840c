package io.ledgerlens.webhooks;

import io.ledgerlens.testsupport.TestStore;

/** {@link SealedSecretsContract} on PostgreSQL, where the column's width is enforced. */
class SealedSecretsPostgresTest extends SealedSecretsContract {
    @Override
    TestStore store() {
        return TestStore.POSTGRES;
    }
}
