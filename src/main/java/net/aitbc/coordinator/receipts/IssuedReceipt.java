package net.aitbc.coordinator.receipts;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.StringReader;
import jakarta.json.JsonObject;
import net.aitbc.chain.protocol.JsonCodec;

/** A signed receipt as the coordinator issued it (the chain records the same JSON with its RECEIPT_CLAIM). */
@Entity
@Table(name = "coord_receipt")
@NamedQuery(name = "IssuedReceipt.ofJob", query = "SELECT r FROM IssuedReceipt r WHERE r.jobId = :jobId ORDER BY r.issuedAt, r.receiptId")
public class IssuedReceipt {

    @Id
    @Column(name = "receipt_id")
    private String receiptId;
    @Column(name = "job_id")
    private String jobId;
    @Column(name = "issued_at")
    private long issuedAt;
    private String receipt;

    protected IssuedReceipt() {
    }

    public IssuedReceipt(String receiptId, String jobId, long issuedAt, JsonObject receipt) {
        this.receiptId = receiptId;
        this.jobId = jobId;
        this.issuedAt = issuedAt;
        this.receipt = receipt.toString();
    }

    public String receiptId() {
        return receiptId;
    }

    public JsonObject json() {
        try (var r = JsonCodec.createReader(new StringReader(receipt))) {
            return r.readObject();
        }
    }
}
