package io.ledgerlens.retention;

import io.ledgerlens.db.Cursors;
import io.ledgerlens.db.Database;
import io.ledgerlens.events.EventLog;

import java.time.Instant;

/** Rows written straight into a real, migrated database, with the times a retention test needs. */
final class StoredRows {
    private final Database db;

    StoredRows(Database db) {
        this.db = db;
    }

    void ledger(long sequence, Instant closedAt, int payments) throws Exception {
        db.useTransaction(h -> {
            h.createUpdate("INSERT INTO ledgers (sequence, hash, prev_hash, paging_token, closed_at, "
                            + "successful_transaction_count, failed_transaction_count, operation_count, "
                            + "tx_set_operation_count, total_coins, fee_pool, base_fee_in_stroops, "
                            + "base_reserve_in_stroops, max_tx_set_size, protocol_version, header_xdr, payment_count, "
                            + "ingested_at) VALUES (:s, :hash, NULL, :token, :at, 1, 0, 1, 1, '1.0000000', "
                            + "'0.0000000', 100, 5000000, 1000, 20, NULL, :payments, :at)")
                    .bind("s", sequence).bind("hash", "h" + sequence).bind("token", Long.toString(sequence << 32))
                    .bind("at", closedAt.toString()).bind("payments", payments).execute();
            for (int i = 0; i < payments; i++) {
                h.createUpdate("INSERT INTO payments (id, paging_token, ledger_sequence, op_index, transaction_hash, "
                                + "transaction_successful, type, created_at, from_account, to_account, asset, amount, "
                                + "source_asset, source_amount) VALUES (:id, :id, :s, :i, 'tx', 1, 'payment', :at, "
                                + "'GA', 'GB', 'native', '1.0000000', 'native', '1.0000000')")
                        .bind("id", sequence + "-" + i).bind("s", sequence).bind("i", i)
                        .bind("at", closedAt.toString()).execute();
            }
        });
    }

    void ledgers(long from, long to, Instant firstClosedAt, int payments) throws Exception {
        for (long s = from; s <= to; s++) {
            ledger(s, firstClosedAt.plusSeconds(s - from), payments);
        }
    }

    void events(int count, Instant at) throws Exception {
        db.useTransaction(h -> {
            for (int i = 0; i < count; i++) {
                EventLog.append(h, "ledger.closed", "s", "{}", at);
            }
        });
    }

    void cursor(String name, long position) throws Exception {
        db.useTransaction(h -> Cursors.put(h, name, Long.toString(position), Instant.EPOCH));
    }

    void subscription(String id, boolean active, long startSequence) throws Exception {
        db.useTransaction(h -> h.createUpdate("INSERT INTO webhook_subscriptions (id, url, event_types, description, "
                        + "secret, active, start_sequence, created_at, updated_at) VALUES (:id, 'https://x.example/', "
                        + "'*', '', 's', :active, :start, 'now', 'now')")
                .bind("id", id).bind("active", active ? 1 : 0).bind("start", startSequence).execute());
    }

    void poolSnapshot(String pool, Instant takenAt) throws Exception {
        db.useTransaction(h -> h.createUpdate("INSERT INTO pool_snapshots (pool_id, taken_at, fee_bp, "
                        + "total_trustlines, total_shares, reserve_a_amount, reserve_b_amount) "
                        + "VALUES (:p, :at, 30, 1, '1', '1', '1')")
                .bind("p", pool).bind("at", takenAt.toString()).execute());
    }

    void assetSnapshot(String asset, Instant takenAt) throws Exception {
        db.useTransaction(h -> h.createUpdate("INSERT INTO asset_snapshots (asset, taken_at, authorized, "
                        + "authorized_to_maintain_liabilities, unauthorized, amount) VALUES (:a, :at, 1, 0, 0, '1')")
                .bind("a", asset).bind("at", takenAt.toString()).execute());
    }

    void corridorHour(String corridor, String hour) throws Exception {
        db.useTransaction(h -> h.createUpdate("INSERT INTO corridor_hours (corridor, hour, payment_count, "
                        + "successful_count, source_volume, dest_volume, last_seen) VALUES (:c, :hour, 1, 1, '1', '1', "
                        + ":hour)")
                .bind("c", corridor).bind("hour", hour).execute());
    }

    long count(String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
