package io.ledgerlens.ingest;

import io.ledgerlens.ingest.simulated.SimulatedNetwork;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compares what a store (a SQLite file or a PostgreSQL database) holds with what the simulated network produced: every ledger from the first
 * stored one to the last, each exactly once, each with exactly its payments, one {@code ledger.closed} event per
 * ledger with gap-free event sequences, and the cursor right after the last ledger.
 */
public final class ChainAudit {
    private final String url;
    private final Properties login;
    private final SimulatedNetwork network;

    public ChainAudit(String sqliteFile, SimulatedNetwork network) {
        this("jdbc:sqlite:" + sqliteFile, new Properties(), network);
    }

    public ChainAudit(String jdbcUrl, Properties login, SimulatedNetwork network) {
        this.url = jdbcUrl;
        this.login = login;
        this.network = network;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, login);
    }

    /** How many ledgers are stored (the test polls this while the service runs; WAL lets it read alongside). */
    public long storedLedgers() {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            if (url.startsWith("jdbc:sqlite:")) {
                s.execute("PRAGMA busy_timeout = 5000");
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM ledgers")) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            // Before the first start has migrated, the table does not exist yet.
            return 0;
        }
    }

    /** @return the highest stored ledger; fails the test on any gap, duplicate or mismatch */
    public long assertComplete(long firstSequence) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            final List<Long> sequences = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT sequence FROM ledgers ORDER BY sequence")) {
                while (rs.next()) {
                    sequences.add(rs.getLong(1));
                }
            }
            assertThat(sequences).as("stored ledgers").isNotEmpty();
            final long last = sequences.get(sequences.size() - 1);
            assertThat(sequences.get(0)).as("first stored ledger").isEqualTo(firstSequence);
            assertThat((long) sequences.size()).as("ledgers %d..%d stored without gap or duplicate", firstSequence,
                    last).isEqualTo(last - firstSequence + 1);

            final List<String> stored = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT id, ledger_sequence, op_index, transaction_successful, type, "
                    + "from_account, to_account, asset, amount, source_asset, source_amount FROM payments "
                    + "ORDER BY ledger_sequence, op_index")) {
                while (rs.next()) {
                    stored.add(String.join("|", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                            rs.getString(10), rs.getString(11)));
                }
            }
            final List<String> expected = new ArrayList<>();
            for (long seq = firstSequence; seq <= last; seq++) {
                final List<Payment> payments = network.payments(seq);
                for (int i = 0; i < payments.size(); i++) {
                    final Payment p = payments.get(i);
                    expected.add(String.join("|", p.id(), Long.toString(seq), Integer.toString(i),
                            p.transactionSuccessful() ? "1" : "0", p.type(), p.from(), p.to(), p.asset().canonical(),
                            Amounts.format(p.amount()), p.sourceAsset().canonical(), Amounts.format(p.sourceAmount())));
                }
            }
            assertThat(stored).as("payments of ledgers %d..%d", firstSequence, last).isEqualTo(expected);

            try (ResultSet rs = s.executeQuery("SELECT COUNT(*), MIN(sequence), MAX(sequence), "
                    + "COUNT(DISTINCT subject) FROM events WHERE type = 'ledger.closed'")) {
                rs.next();
                assertThat(rs.getLong(1)).as("ledger.closed events").isEqualTo(sequences.size());
                assertThat(rs.getLong(4)).as("distinct ledgers with an event").isEqualTo(sequences.size());
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*), MIN(sequence), MAX(sequence) FROM events")) {
                rs.next();
                assertThat(rs.getLong(2)).as("first event sequence").isEqualTo(1);
                assertThat(rs.getLong(3)).as("event sequences have no gap").isEqualTo(rs.getLong(1));
            }
            try (ResultSet rs = s.executeQuery("SELECT position FROM cursors WHERE name = 'ingest.ledgers'")) {
                assertThat(rs.next()).as("ingestion cursor stored").isTrue();
                assertThat(rs.getString(1)).as("cursor right after the last stored ledger")
                        .isEqualTo(Ledger.pagingTokenOf(last));
            }
            return last;
        }
    }
}
