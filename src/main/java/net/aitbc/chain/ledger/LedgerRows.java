package net.aitbc.chain.ledger;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;
import net.aitbc.chain.protocol.AccountState;
import net.aitbc.chain.protocol.BlockHeader;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.platform.database.DatabaseKind;
import org.postgresql.PGConnection;

/**
 * The bulk rows of a block (header, transactions, account states) written by JDBC batches in the caller's JTA
 * transaction: Liberty hands this code the connection EclipseLink uses in that transaction, so these rows commit
 * or roll back with the rest of the block. A 5,000-transaction block through EclipseLink's unit of work (no
 * weaving: every field of every managed entity compared at flush) cost more than half of the block's build time;
 * no shared cache is configured, so no cached entity goes stale behind these writes.
 */
@ApplicationScoped
class LedgerRows {

    private static final String INSERT_BLOCK = "INSERT INTO chain_block (height, hash, parent_hash, proposer, "
            + "block_time, tx_count, tx_root, state_root, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_TX = "INSERT INTO chain_tx (tx_hash, block_height, position, type, sender, "
            + "recipient, amount, nonce, fee, payload, public_key, sig, received_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE_ACCOUNT = "UPDATE chain_account SET balance = ?, nonce = ?, updated_at = ? "
            + "WHERE address = ?";
    private static final String INSERT_ACCOUNT = "INSERT INTO chain_account (address, balance, nonce, updated_at) "
            + "VALUES (?, ?, ?, ?)";
    /** Rows per executeBatch: bounded so one statement's parameters stay far below the drivers' limits. */
    private static final int BATCH = 1000;

    @Resource(lookup = "jdbc/aitbc")
    DataSource dataSource;

    /** A block to write: its header, its transactions in order and when each was received. */
    record BlockRows(BlockHeader header, List<SignedTx> txs, List<Long> receivedAt) {
    }

    /** Blocks with their transactions: one batch of block rows, then one COPY (or batches) of all transactions. */
    void insertBlocks(List<BlockRows> blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement b = c.prepareStatement(INSERT_BLOCK)) {
                for (BlockRows block : blocks) {
                    BlockHeader h = block.header();
                    b.setLong(1, h.height());
                    b.setString(2, h.hash());
                    b.setString(3, h.parentHash());
                    b.setString(4, h.proposer());
                    b.setLong(5, h.timestamp());
                    b.setInt(6, h.txCount());
                    b.setString(7, h.txRoot());
                    b.setString(8, h.stateRoot());
                    b.setString(9, h.signature());
                    b.addBatch();
                }
                b.executeBatch();
            }
            if (DatabaseKind.isPostgreSql(c)) {
                copyTransactions(c, blocks);
                return;
            }
            try (PreparedStatement t = c.prepareStatement(INSERT_TX)) {
                int rows = 0;
                for (BlockRows block : blocks) {
                    for (int i = 0; i < block.txs().size(); i++) {
                        SignedTx tx = block.txs().get(i);
                        t.setString(1, tx.hash());
                        t.setLong(2, block.header().height());
                        t.setInt(3, i);
                        t.setString(4, tx.type().name());
                        t.setString(5, tx.sender());
                        if (tx.recipient() == null) {
                            t.setNull(6, Types.VARCHAR);
                        } else {
                            t.setString(6, tx.recipient());
                        }
                        t.setLong(7, tx.amount());
                        t.setLong(8, tx.nonce());
                        t.setLong(9, tx.fee());
                        t.setString(10, tx.canonicalPayload());
                        t.setString(11, tx.publicKey());
                        t.setString(12, tx.sig());
                        t.setLong(13, block.receivedAt().get(i));
                        t.addBatch();
                        if (++rows % BATCH == 0) {
                            t.executeBatch();
                        }
                    }
                }
                if (rows % BATCH != 0) {
                    t.executeBatch();
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException("cannot write blocks " + blocks.get(0).header().height() + "-"
                    + blocks.get(blocks.size() - 1).header().height() + ": " + e.getMessage(), e);
        }
    }

    /**
     * PostgreSQL's COPY: about half the database time of multi-row inserts for a block's thousands of rows (one
     * stream, no statement parsing or per-row parameter binding), in the same transaction as the statements.
     */
    private static void copyTransactions(Connection c, List<BlockRows> blocks) throws SQLException {
        StringBuilder csv = new StringBuilder(blocks.stream().mapToInt(b -> b.txs().size()).sum() * 700);
        for (BlockRows block : blocks) {
            long height = block.header().height();
            for (int i = 0; i < block.txs().size(); i++) {
                SignedTx tx = block.txs().get(i);
                csv.append(tx.hash()).append(',').append(height).append(',').append(i).append(',')
                        .append(tx.type().name()).append(',');
                quoted(csv, tx.sender());
                csv.append(',');
                if (tx.recipient() != null) {
                    quoted(csv, tx.recipient());
                }
                csv.append(',').append(tx.amount()).append(',').append(tx.nonce()).append(',').append(tx.fee())
                        .append(',');
                quoted(csv, tx.canonicalPayload());
                csv.append(',').append(tx.publicKey()).append(',').append(tx.sig()).append(',')
                        .append(block.receivedAt().get(i)).append('\n');
            }
        }
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY chain_tx (tx_hash, block_height, position, type, "
                    + "sender, recipient, amount, nonce, fee, payload, public_key, sig, received_at) FROM STDIN "
                    + "WITH (FORMAT csv)", new StringReader(csv.toString()));
        } catch (IOException e) {
            throw new SQLException("COPY of the blocks' transactions failed: " + e.getMessage(), e);
        }
    }

    /** A CSV field in quotes (an unquoted empty field is NULL): quotes inside doubled. */
    private static void quoted(StringBuilder csv, String value) {
        csv.append('"');
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '"') {
                csv.append('"');
            }
            csv.append(ch);
        }
        csv.append('"');
    }

    /** Account states as they are: an update of each stored one, an insert of each new one. */
    void putAccounts(Collection<AccountState> states, long now) {
        if (states.isEmpty()) {
            return;
        }
        List<AccountState> all = List.copyOf(states);
        try (Connection c = dataSource.getConnection()) {
            List<AccountState> fresh = new ArrayList<>();
            try (PreparedStatement u = c.prepareStatement(UPDATE_ACCOUNT)) {
                for (int from = 0; from < all.size(); from += BATCH) {
                    List<AccountState> chunk = all.subList(from, Math.min(all.size(), from + BATCH));
                    for (AccountState s : chunk) {
                        u.setLong(1, s.balance());
                        u.setLong(2, s.nonce());
                        u.setLong(3, now);
                        u.setString(4, s.address());
                        u.addBatch();
                    }
                    int[] counts = u.executeBatch();
                    for (int i = 0; i < counts.length; i++) {
                        if (counts[i] == 0) {
                            fresh.add(chunk.get(i));
                        }
                    }
                }
            }
            if (!fresh.isEmpty()) {
                try (PreparedStatement in = c.prepareStatement(INSERT_ACCOUNT)) {
                    for (int i = 0; i < fresh.size(); i++) {
                        AccountState s = fresh.get(i);
                        in.setString(1, s.address());
                        in.setLong(2, s.balance());
                        in.setLong(3, s.nonce());
                        in.setLong(4, now);
                        in.addBatch();
                        if ((i + 1) % BATCH == 0) {
                            in.executeBatch();
                        }
                    }
                    if (fresh.size() % BATCH != 0) {
                        in.executeBatch();
                    }
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException("cannot write account states: " + e.getMessage(), e);
        }
    }
}
