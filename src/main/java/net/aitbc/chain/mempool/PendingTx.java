package net.aitbc.chain.mempool;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.io.StringReader;
import net.aitbc.chain.crypto.CanonicalJson;
import net.aitbc.chain.ledger.SignedTx;
import net.aitbc.chain.ledger.Timestamps;
import net.aitbc.chain.ledger.TxType;

/** A transaction accepted into the mempool, durable before its tx_hash is acknowledged. */
@Entity
@Table(name = "chain_mempool")
@NamedQuery(name = "PendingTx.byPriority", query = "SELECT p FROM PendingTx p ORDER BY p.fee DESC, p.seq")
@NamedQuery(name = "PendingTx.oldest", query = "SELECT MIN(p.receivedAt) FROM PendingTx p")
@NamedQuery(name = "PendingTx.count", query = "SELECT COUNT(p) FROM PendingTx p")
@NamedQuery(name = "PendingTx.ofSender", query = "SELECT COUNT(p), COALESCE(SUM(p.amount + p.fee), 0) FROM PendingTx p WHERE p.sender = :sender")
@NamedQuery(name = "PendingTx.ofAddress", query = "SELECT p FROM PendingTx p WHERE p.sender = :address OR p.recipient = :address ORDER BY p.seq DESC")
@NamedQuery(name = "PendingTx.delete", query = "DELETE FROM PendingTx p WHERE p.txHash IN :hashes")
@NamedQuery(name = "PendingTx.ahead", query = "SELECT COUNT(p) FROM PendingTx p WHERE p.fee > :fee OR (p.fee = :fee AND p.seq < :seq)")
public class PendingTx {

    @Id
    @Column(name = "tx_hash")
    private String txHash;
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "mempoolSeq")
    @SequenceGenerator(name = "mempoolSeq", sequenceName = "chain_mempool_seq", allocationSize = 50)
    private long seq;
    private String type;
    private String sender;
    private String recipient;
    /** What moves to the recipient (0 unless a transfer): with fee, what the sender's balance must cover. */
    private long amount;
    private long nonce;
    private long fee;
    private int size;
    private String payload;
    @Column(name = "public_key")
    private String publicKey;
    private String sig;
    @Column(name = "received_at")
    private long receivedAt;

    protected PendingTx() {
    }

    public static PendingTx of(SignedTx tx, long now) {
        PendingTx p = new PendingTx();
        p.txHash = tx.hash();
        p.type = tx.type().name();
        p.sender = tx.sender();
        p.recipient = tx.recipient();
        p.amount = tx.type() == TxType.TRANSFER ? tx.amount() : 0;
        p.nonce = tx.nonce();
        p.fee = tx.fee();
        p.size = tx.size();
        p.payload = CanonicalJson.string(tx.payload());
        p.publicKey = tx.publicKey();
        p.sig = tx.sig();
        p.receivedAt = now;
        return p;
    }

    public SignedTx signed(String chainId) {
        JsonObject p = Json.createReader(new StringReader(payload)).readObject();
        TxType t = TxType.valueOf(type);
        return new SignedTx(chainId, t, sender, nonce, fee, p, publicKey, sig,
                SignedTx.signingBytes(chainId, t, sender, nonce, fee, p), txHash);
    }

    public JsonObject toJson(String chainId) {
        var b = Json.createObjectBuilder(signed(chainId).toWire()).add("tx_hash", txHash).addNull("block_height")
                .add("status", "pending").add("created_at", Timestamps.format(receivedAt));
        if (recipient == null) {
            b.addNull("recipient");
        } else {
            b.add("recipient", recipient);
        }
        return b.build();
    }

    public String txHash() {
        return txHash;
    }

    public long seq() {
        return seq;
    }

    public String sender() {
        return sender;
    }

    public String recipient() {
        return recipient;
    }

    public long nonce() {
        return nonce;
    }

    public long fee() {
        return fee;
    }

    public int size() {
        return size;
    }

    public long receivedAt() {
        return receivedAt;
    }
}
