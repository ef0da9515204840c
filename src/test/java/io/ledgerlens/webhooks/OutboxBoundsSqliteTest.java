package io.ledgerlens.webhooks;

import io.ledgerlens.testsupport.TestStore;

/** {@link OutboxBoundsContract} on Sqlite. */
class OutboxBoundsSqliteTest extends OutboxBoundsContract {
    @Override
    TestStore store() {
        return TestStore.SQLITE;
    }
}
