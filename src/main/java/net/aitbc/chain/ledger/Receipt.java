package net.aitbc.chain.ledger;

import jakarta.json.JsonObject;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.StringReader;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.protocol.SignedReceipt;
import net.aitbc.chain.protocol.Timestamps;

/** A job receipt recorded on chain by a RECEIPT_CLAIM transaction (recorded once per receipt id). */
@Entity
@Table(name = "chain_receipt")
@NamedQuery(name = "Receipt.newest", query = "SELECT r FROM Receipt r ORDER BY r.blockHeight DESC, r.receiptId")
@NamedQuery(name = "Receipt.idsAbove", query = "SELECT r.receiptId FROM Receipt r WHERE r.blockHeight > :height")
@NamedQuery(name = "Receipt.count", query = "SELECT COUNT(r) FROM Receipt r")
public class Receipt {

    @Id
    @Column(name = "receipt_id")
    private String receiptId;
    @Column(name = "job_id")
    private String jobId;
    private String payload;
    private String signer;
    private String miner;
    /** The status the signed receipt states (COMPLETED, FAILED, EXPIRED, ...). */
    private String status;
    @Column(name = "minted_amount")
    private long mintedAmount;
    @Column(name = "tx_hash")
    private String txHash;
    @Column(name = "block_height")
    private long blockHeight;
    @Column(name = "recorded_at")
    private long recordedAt;

    protected Receipt() {
    }

    public static Receipt recorded(SignedReceipt receipt, String txHash, long height, long time) {
        Receipt r = new Receipt();
        r.receiptId = receipt.receiptId();
        r.jobId = receipt.jobId();
        r.payload = receipt.json().toString();
        r.signer = receipt.signer();
        r.miner = receipt.provider();
        r.status = receipt.json().get("status") instanceof jakarta.json.JsonString st ? st.getString() : null;
        r.mintedAmount = 0;
        r.txHash = txHash;
        r.blockHeight = height;
        r.recordedAt = time;
        return r;
    }

    public JsonObject toJson() {
        JsonObject receipt = JsonCodec.createReader(new StringReader(payload)).readObject();
        var b = JsonCodec.createObjectBuilder().add("receipt_id", receiptId).add("payload", receipt)
                .add("signer", signer).add("miner_signature", receipt.getJsonObject("signature"))
                .add("coordinator_attestations", JsonCodec.createArrayBuilder().add(receipt.getJsonObject("signature")))
                .add("minted_amount", mintedAmount).add("tx_hash", txHash).add("block_height", blockHeight)
                .add("recorded_at", Timestamps.format(recordedAt));
        if (jobId == null) {
            b.addNull("job_id");
        } else {
            b.add("job_id", jobId);
        }
        return b.build();
    }

    public String receiptId() {
        return receiptId;
    }
}
