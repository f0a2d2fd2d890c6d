package net.aitbc.chain.ledger;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.StringReader;
import net.aitbc.chain.crypto.CanonicalJson;

/** A transaction included in a block, with everything needed to re-verify it. */
@Entity
@Table(name = "chain_tx")
@NamedQuery(name = "ChainTx.inBlock", query = "SELECT t FROM ChainTx t WHERE t.blockHeight = :height ORDER BY t.position")
@NamedQuery(name = "ChainTx.inBlocks", query = "SELECT t FROM ChainTx t WHERE t.blockHeight BETWEEN :start AND :end ORDER BY t.blockHeight, t.position")
@NamedQuery(name = "ChainTx.newest", query = "SELECT t FROM ChainTx t ORDER BY t.blockHeight DESC, t.position DESC")
@NamedQuery(name = "ChainTx.count", query = "SELECT COUNT(t) FROM ChainTx t")
@NamedQuery(name = "ChainTx.ofAddress", query = "SELECT t FROM ChainTx t WHERE t.sender = :address OR t.recipient = :address ORDER BY t.blockHeight DESC, t.position DESC")
@NamedQuery(name = "ChainTx.countOfAddress", query = "SELECT COUNT(t) FROM ChainTx t WHERE t.sender = :address OR t.recipient = :address")
@NamedQuery(name = "ChainTx.exists", query = "SELECT COUNT(t) FROM ChainTx t WHERE t.txHash = :hash")
public class ChainTx {

    @Id
    @Column(name = "tx_hash")
    private String txHash;
    @Column(name = "block_height", nullable = false)
    private long blockHeight;
    private int position;
    private String type;
    private String sender;
    private String recipient;
    private long amount;
    private long nonce;
    private long fee;
    private String payload;
    @Column(name = "public_key")
    private String publicKey;
    private String sig;
    @Column(name = "received_at")
    private long receivedAt;

    protected ChainTx() {
    }

    public static ChainTx included(SignedTx tx, long height, int position, long receivedAt) {
        ChainTx t = new ChainTx();
        t.txHash = tx.hash();
        t.blockHeight = height;
        t.position = position;
        t.type = tx.type().name();
        t.sender = tx.sender();
        t.recipient = tx.recipient();
        t.amount = tx.amount();
        t.nonce = tx.nonce();
        t.fee = tx.fee();
        t.payload = CanonicalJson.string(tx.payload());
        t.publicKey = tx.publicKey();
        t.sig = tx.sig();
        t.receivedAt = receivedAt;
        return t;
    }

    public SignedTx signed(String chainId) {
        JsonObject p = Json.createReader(new StringReader(payload)).readObject();
        byte[] signing = SignedTx.signingBytes(chainId, TxType.valueOf(type), sender, nonce, fee, p);
        return new SignedTx(chainId, TxType.valueOf(type), sender, nonce, fee, p, publicKey, sig, signing, txHash);
    }

    /** The item of /rpc/tx, /rpc/transactions and a block's transactions[]. */
    public JsonObject toJson(String chainId) {
        JsonObjectBuilder b = Json.createObjectBuilder(signed(chainId).toWire())
                .add("tx_hash", txHash).add("block_height", blockHeight).add("position", position)
                .add("status", "included").add("amount", amount)
                .add("created_at", Timestamps.format(receivedAt));
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

    public long blockHeight() {
        return blockHeight;
    }
}
