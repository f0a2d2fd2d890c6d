package net.aitbc.chain.ledger;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.io.StringReader;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.Timestamps;
import net.aitbc.chain.protocol.TxType;

/**
 * The columns a signed transaction is stored with, pending (mempool) or included (ledger): everything needed to
 * rebuild and re-verify it. The payload is kept in its canonical form.
 */
@MappedSuperclass
public abstract class StoredTx {

    @Id
    @Column(name = "tx_hash")
    protected String txHash;
    protected String type;
    protected String sender;
    protected String recipient;
    /** What moves to the recipient (transfers and mints); with the fee, what the transaction costs. */
    protected long amount;
    protected long nonce;
    protected long fee;
    protected String payload;
    @Column(name = "public_key")
    protected String publicKey;
    protected String sig;
    @Column(name = "received_at")
    protected long receivedAt;

    protected void copy(SignedTx tx, long amountMoved, long received) {
        txHash = tx.hash();
        type = tx.type().name();
        sender = tx.sender();
        recipient = tx.recipient();
        amount = amountMoved;
        nonce = tx.nonce();
        fee = tx.fee();
        payload = tx.canonicalPayload();
        publicKey = tx.publicKey();
        sig = tx.sig();
        receivedAt = received;
    }

    public SignedTx signed(String chainId) {
        JsonObject p = JsonCodec.createReader(new StringReader(payload)).readObject();
        // the stored payload is canonical and the hash was checked on the way in: no canonicalisation here
        return SignedTx.stored(chainId, TxType.valueOf(type), sender, nonce, fee, p, payload, publicKey, sig, txHash);
    }

    /** The wire fields plus tx_hash, recipient and created_at; subclasses add their status. */
    protected JsonObjectBuilder jsonBuilder(String chainId) {
        JsonObjectBuilder b = JsonCodec.createObjectBuilder(signed(chainId).toWire()).add("tx_hash", txHash)
                .add("created_at", Timestamps.format(receivedAt));
        if (recipient == null) {
            b.addNull("recipient");
        } else {
            b.add("recipient", recipient);
        }
        return b;
    }

    public String txHash() {
        return txHash;
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

    public long receivedAt() {
        return receivedAt;
    }
}
