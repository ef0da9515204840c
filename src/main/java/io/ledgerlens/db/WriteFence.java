package io.ledgerlens.db;

import org.jdbi.v3.core.Handle;

import java.util.function.LongSupplier;

/**
 * Checked first inside a writing transaction: the write goes ahead only while this instance still holds the
 * lease under the token it had when it started. On PostgreSQL the check locks the lease row for share, so a
 * takeover waits for the write to commit or roll back, and a write that began before the takeover cannot commit
 * after it. SQLite has one writer at a time, which gives the same order.
 */
@FunctionalInterface
public interface WriteFence {
    WriteFence NONE = handle -> {
    };

    void check(Handle handle);

    static WriteFence ofLease(String name, LongSupplier token, Dialect dialect) {
        final String sql = "SELECT token FROM leases WHERE name = :name AND token = :token AND holder IS NOT NULL"
                + dialect.lockForShare();
        return handle -> {
            final long expected = token.getAsLong();
            if (expected == 0) {
                throw new FencedOutException("this instance does not hold the lease '" + name + "'");
            }
            if (handle.createQuery(sql).bind("name", name).bind("token", expected).mapTo(Long.class)
                    .findOne().isEmpty()) {
                throw new FencedOutException("the lease '" + name + "' moved past token " + expected
                        + ": another instance leads now, this write is refused");
            }
        };
    }
}
