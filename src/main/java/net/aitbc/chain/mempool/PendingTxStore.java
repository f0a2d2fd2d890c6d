package net.aitbc.chain.mempool;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.platform.database.DatabaseKind;

/**
 * The database side of admission. The sender's balance, nonce and pending transactions are read in one
 * statement, so they come from one snapshot even while a block commits: either all before that block or all
 * after it (a block moves a sender's nonce and pending count, balance and pending cost by the same amounts, so
 * the checks {@link Mempool} makes on it still hold at the insert). The unique (sender, nonce) index backs the
 * per-sender serialisation in {@link Mempool}.
 */
@ApplicationScoped
public class PendingTxStore {

    /** balance, nonce, pending count, pending cost of one sender, and whether the hash is known: one snapshot */
    private static final String SNAPSHOT = "SELECT "
            + "COALESCE((SELECT balance FROM chain_account WHERE address = ?), 0), "
            + "COALESCE((SELECT nonce FROM chain_account WHERE address = ?), 0), "
            + "(SELECT COUNT(*) FROM chain_mempool WHERE sender = ?), "
            + "(SELECT COALESCE(SUM(amount + fee), 0) FROM chain_mempool WHERE sender = ?), "
            + "(SELECT COUNT(*) FROM chain_mempool WHERE tx_hash = ?) "
            + "+ (SELECT COUNT(*) FROM chain_tx WHERE tx_hash = ?)";

    @Resource(lookup = "jdbc/aitbc")
    DataSource dataSource;

    @Inject
    Event<TxAccepted> accepted;

    /** What admission checks a sender's transaction against, read in one statement (one snapshot). */
    public record SenderSnapshot(long balance, long nonce, long pendingCount, long pendingCost, boolean known) {

        /** The nonce the sender's next transaction must carry. */
        public long nextNonce() {
            return nonce + pendingCount;
        }

        /** What the sender can still spend with its pending transactions paid. */
        public long spendable() {
            return balance - pendingCost;
        }
    }

    /**
     * Reads the sender's snapshot outside any transaction (its own autocommit read): a refusal decided on it is
     * thrown by the caller, not through a transactional boundary (where every refusal would be logged as an
     * incident).
     */
    public SenderSnapshot snapshot(String sender, String txHash) {
        // plain JDBC: it is read once per admission, and EclipseLink's native-query path cost as much CPU as the
        // database's own work in a profile of 1,000 tx/s
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(SNAPSHOT)) {
            q.setString(1, sender);
            q.setString(2, sender);
            q.setString(3, sender);
            q.setString(4, sender);
            q.setString(5, txHash);
            q.setString(6, txHash);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return new SenderSnapshot(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5) > 0);
            }
        } catch (SQLException e) {
            throw new PersistenceException("cannot read the sender's state: " + e.getMessage(), e);
        }
    }

    /** Which of these hashes the node holds already, pending or in a block: one statement for a whole batch. */
    public Set<String> knownHashes(List<String> hashes) {
        if (hashes.isEmpty()) {
            return Set.of();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT tx_hash FROM chain_mempool WHERE tx_hash = ANY (?)"
                        + " UNION ALL SELECT tx_hash FROM chain_tx WHERE tx_hash = ANY (?)")) {
            java.sql.Array array = c.createArrayOf("varchar", hashes.toArray());
            try {
                q.setArray(1, array);
                q.setArray(2, array);
                Set<String> known = new HashSet<>();
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        known.add(r.getString(1));
                    }
                }
                return known;
            } finally {
                array.free();
            }
        } catch (SQLException e) {
            throw new PersistenceException("cannot look the transactions up: " + e.getMessage(), e);
        }
    }

    /**
     * The block producer's candidates (see {@link Mempool#candidates}) by JDBC: thousands of rows per block, which
     * EclipseLink's native-query mapping read at a tenth of a millisecond each.
     */
    public List<PendingTx> candidates(int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
                "SELECT p.* FROM chain_mempool p LEFT JOIN chain_account a ON a.address = p.sender "
                        + "ORDER BY p.nonce - COALESCE(a.nonce, 0), p.fee DESC, p.seq LIMIT ?")) {
            q.setInt(1, limit);
            List<PendingTx> out = new java.util.ArrayList<>();
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(PendingTx.fromRow(r));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new PersistenceException("cannot read the mempool: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes pending transactions in the caller's transaction and returns how many there were: one statement
     * with the hashes as an array. JPQL's bulk delete walked the persistence context for every chunk (half of the
     * producer's CPU once), and EclipseLink's native IN lists of 500 cost a 5,000-transaction block 200 ms.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int deleteAll(List<String> hashes) {
        if (hashes.isEmpty()) {
            return 0;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement d = c.prepareStatement("DELETE FROM chain_mempool WHERE tx_hash = ANY (?)")) {
            java.sql.Array array = c.createArrayOf("varchar", hashes.toArray());
            try {
                d.setArray(1, array);
                return d.executeUpdate();
            } finally {
                array.free();
            }
        } catch (SQLException e) {
            throw new PersistenceException("cannot remove transactions from the mempool: " + e.getMessage(), e);
        }
    }

    /** The columns {@link #insertAll} writes; seq comes from the sequence, in arrival order. */
    private static final String INSERT = "INSERT INTO chain_mempool (tx_hash, seq, type, sender, recipient, amount, "
            + "nonce, fee, size, payload, public_key, sig, received_at, escrow_id, receipt_id) VALUES (?, %s, ?, ?, ?, "
            + "?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_POSTGRESQL = String.format(INSERT, "nextval('chain_mempool_seq')");
    private static final String INSERT_H2 = String.format(INSERT, "NEXT VALUE FOR chain_mempool_seq");

    /**
     * Stores checked transactions in one database transaction ({@link GroupCommit}); each is acknowledged once
     * this commits. Only another server process on the same database taking the same (sender, nonce) first makes
     * this fail (the unique index). One JDBC batch on the connection the transaction holds: EclipseLink's persist
     * and flush of the same rows were 7 % of the node's samples at 1,000 tx/s.
     */
    @Transactional
    public void insertAll(List<SignedTx> txs) {
        long now = System.currentTimeMillis();
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(
                DatabaseKind.isPostgreSql(c) ? INSERT_POSTGRESQL : INSERT_H2)) {
            for (SignedTx tx : txs) {
                PendingTx.of(tx, now).bindInsert(q);
                q.addBatch();
            }
            q.executeBatch();
        } catch (SQLException e) {
            // a batch names the row that failed in its next exception: keep that one, so a unique-index conflict
            // is still recognised as one
            SQLException cause = e.getNextException() != null ? e.getNextException() : e;
            throw new PersistenceException("cannot store pending transactions: " + cause.getMessage(), cause);
        }
        for (SignedTx tx : txs) {
            accepted.fire(new TxAccepted(tx, now));
        }
    }
}
