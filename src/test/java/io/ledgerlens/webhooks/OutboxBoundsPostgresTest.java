package io.ledgerlens.webhooks;

import io.ledgerlens.testsupport.TestStore;

/** {@link OutboxBoundsContract} on Postgres. */
class OutboxBoundsPostgresTest extends OutboxBoundsContract {
    @Override
    TestStore store() {
        return TestStore.POSTGRES;
    }
}
