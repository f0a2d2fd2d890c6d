package net.aitbc.chain.mempool;

import jakarta.json.JsonObject;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import net.aitbc.chain.ledger.StoredTx;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxType;

/** A transaction accepted into the mempool, durable before its tx_hash is acknowledged. */
@Entity
@Table(name = "chain_mempool")
@NamedQuery(name = "PendingTx.byPriority", query = "SELECT p FROM PendingTx p ORDER BY p.fee DESC, p.seq")
@NamedQuery(name = "PendingTx.oldest", query = "SELECT MIN(p.receivedAt) FROM PendingTx p")
@NamedQuery(name = "PendingTx.count", query = "SELECT COUNT(p) FROM PendingTx p")
@NamedQuery(name = "PendingTx.ofAddress", query = "SELECT p FROM PendingTx p WHERE p.sender = :address OR p.recipient = :address ORDER BY p.seq DESC")
@NamedQuery(name = "PendingTx.closing", query = "SELECT p.txHash FROM PendingTx p WHERE p.escrowId = :escrowId")
@NamedQuery(name = "PendingTx.claimOf", query = "SELECT COUNT(p) FROM PendingTx p WHERE p.sender = :sender AND p.receiptId = :receiptId")
@NamedQuery(name = "PendingTx.claiming", query = "SELECT p.txHash FROM PendingTx p WHERE p.receiptId = :receiptId")
@NamedQuery(name = "PendingTx.laterThan", query = "SELECT p.txHash FROM PendingTx p WHERE p.sender = :sender AND p.nonce > :nonce")
@NamedQuery(name = "PendingTx.ahead", query = "SELECT COUNT(p) FROM PendingTx p WHERE p.fee > :fee OR (p.fee = :fee AND p.seq < :seq)")
public class PendingTx extends StoredTx {

    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "mempoolSeq")
    @SequenceGenerator(name = "mempoolSeq", sequenceName = "chain_mempool_seq", allocationSize = 50)
    private long seq;
    private int size;
    /** The escrow a pending settle or reclaim closes. */
    @jakarta.persistence.Column(name = "escrow_id")
    private String escrowId;
    /** The receipt a pending RECEIPT_CLAIM records. */
    @jakarta.persistence.Column(name = "receipt_id")
    private String receiptId;

    protected PendingTx() {
    }

    public static PendingTx of(SignedTx tx, long now) {
        PendingTx p = new PendingTx();
        // what a transfer or lock takes from the sender is part of what its balance must cover while it waits
        p.copy(tx, tx.cost() - tx.fee(), now);
        p.size = tx.size();
        p.escrowId = tx.closedEscrowId();
        p.receiptId = tx.type() == TxType.RECEIPT_CLAIM
                ? tx.payload().getJsonObject("receipt").getString("receipt_id", null) : null;
        return p;
    }

    /** A row of chain_mempool read by JDBC (all columns, by name): not an entity the unit of work tracks. */
    static PendingTx fromRow(java.sql.ResultSet r) throws java.sql.SQLException {
        PendingTx p = new PendingTx();
        p.txHash = r.getString("tx_hash");
        p.type = r.getString("type");
        p.sender = r.getString("sender");
        p.recipient = r.getString("recipient");
        p.amount = r.getLong("amount");
        p.nonce = r.getLong("nonce");
        p.fee = r.getLong("fee");
        p.payload = r.getString("payload");
        p.publicKey = r.getString("public_key");
        p.sig = r.getString("sig");
        p.receivedAt = r.getLong("received_at");
        p.seq = r.getLong("seq");
        p.size = r.getInt("size");
        p.escrowId = r.getString("escrow_id");
        p.receiptId = r.getString("receipt_id");
        return p;
    }

    /** Binds this row to {@link PendingTxStore}'s insert (every column but seq, in its order). */
    void bindInsert(java.sql.PreparedStatement q) throws java.sql.SQLException {
        q.setString(1, txHash);
        q.setString(2, type);
        q.setString(3, sender);
        q.setString(4, recipient);
        q.setLong(5, amount);
        q.setLong(6, nonce);
        q.setLong(7, fee);
        q.setInt(8, size);
        q.setString(9, payload);
        q.setString(10, publicKey);
        q.setString(11, sig);
        q.setLong(12, receivedAt);
        q.setString(13, escrowId);
        q.setString(14, receiptId);
    }

    public JsonObject toJson(String chainId) {
        return jsonBuilder(chainId).addNull("block_height").add("status", "pending").build();
    }

    public long seq() {
        return seq;
    }

    public int size() {
        return size;
    }
}
