package io.ledgerlens.retention;

import io.ledgerlens.testsupport.TestStore;

/** {@link RetentionJobContract} on Postgres. */
class RetentionJobPostgresTest extends RetentionJobContract {
    @Override
    TestStore store() {
        return TestStore.POSTGRES;
    }
}
