package io.ledgerlens.retention;

import io.ledgerlens.testsupport.TestStore;

/** {@link RetentionJobContract} on Sqlite. */
class RetentionJobSqliteTest extends RetentionJobContract {
    @Override
    TestStore store() {
        return TestStore.SQLITE;
    }
}
