package net.aitbc.coordinator.jobs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import net.aitbc.coordinator.matching.Capabilities;
import net.aitbc.coordinator.matching.Constraints;

/**
 * A client's job (coordinator.md, Jobs). State changes go through {@link JobTransitions}, which checks the state
 * machine and writes the trail in the same transaction; payment and settlement fields belong to the payments.
 */
@Entity
@Table(name = "coord_job")
public class Job {

    @Id
    @Column(name = "job_id")
    String jobId;
    @Column(name = "client_id")
    String clientId;
    String payload;
    @Column(name = "constraints_json")
    String constraintsJson;
    @Column(name = "c_min_vram_gb")
    Double minVramGb;
    @Column(name = "c_max_price")
    Long maxPrice;
    @Column(name = "c_region")
    String region;
    /** the first required model, bare and lower-case, so the claim's SQL can skip jobs the miner cannot run */
    @Column(name = "c_model")
    String model;
    @Enumerated(EnumType.STRING)
    JobState state;
    boolean assignable;
    @Column(name = "assigned_miner_id")
    String assignedMinerId;
    int attempt;
    @Column(name = "requested_at")
    long requestedAt;
    @Column(name = "expires_at")
    long expiresAt;
    @Column(name = "assigned_at")
    Long assignedAt;
    @Column(name = "ended_at")
    Long endedAt;
    String error;
    String result;
    String metrics;
    @Column(name = "payment_amount")
    Long paymentAmount;
    @Enumerated(EnumType.STRING)
    @Column(name = "payment_status")
    PaymentStatus paymentStatus;
    @Column(name = "payment_expires_height")
    Long paymentExpiresHeight;
    @Column(name = "escrow_id")
    String escrowId;
    @Column(name = "escrow_tx")
    String escrowTx;
    String payer;
    Long units;
    @Column(name = "unit_price")
    Long unitPrice;
    Long price;
    @Column(name = "receipt_id")
    String receiptId;
    @Enumerated(EnumType.STRING)
    Settlement settlement;
    @Column(name = "claim_tx")
    String claimTx;
    @Column(name = "settle_tx")
    String settleTx;
    @Column(name = "settle_sent_at")
    Long settleSentAt;
    @Column(name = "settle_attempts")
    int settleAttempts;
    @Column(name = "settle_error")
    String settleError;

    protected Job() {
    }

    Job(String jobId, String clientId, String payload, Constraints constraints, long now, long ttlMillis,
        Long paymentAmount, Long paymentExpiresHeight) {
        this.jobId = jobId;
        this.clientId = clientId;
        this.payload = payload;
        this.constraintsJson = constraints.toJson().toString();
        this.minVramGb = constraints.minVramGb();
        this.maxPrice = constraints.maxPrice();
        this.region = constraints.region() == null ? null : constraints.region().toLowerCase(java.util.Locale.ROOT);
        this.model = constraints.models().isEmpty() ? null : Capabilities.bare(constraints.models().get(0));
        this.state = JobState.QUEUED;
        this.requestedAt = now;
        this.expiresAt = now + ttlMillis;
        this.paymentAmount = paymentAmount;
        this.paymentExpiresHeight = paymentExpiresHeight;
        this.paymentStatus = paymentAmount == null ? null : PaymentStatus.AWAITING_ESCROW;
        this.assignable = paymentAmount == null;
        this.settlement = Settlement.NONE;
    }

    public String jobId() {
        return jobId;
    }

    public String clientId() {
        return clientId;
    }

    public JobState state() {
        return state;
    }

    public String assignedMinerId() {
        return assignedMinerId;
    }

    public long expiresAt() {
        return expiresAt;
    }

    public Long paymentAmount() {
        return paymentAmount;
    }

    public PaymentStatus paymentStatus() {
        return paymentStatus;
    }

    public Long paymentExpiresHeight() {
        return paymentExpiresHeight;
    }

    public String escrowId() {
        return escrowId;
    }

    public String escrowTx() {
        return escrowTx;
    }

    public String payer() {
        return payer;
    }

    public Long price() {
        return price;
    }

    public String receiptId() {
        return receiptId;
    }

    public Settlement settlement() {
        return settlement;
    }

    public String claimTx() {
        return claimTx;
    }

    public String settleTx() {
        return settleTx;
    }

    public int settleAttempts() {
        return settleAttempts;
    }

    public String settleError() {
        return settleError;
    }

    /** The lock was admitted by the chain: the job may now be assigned. */
    public void escrowed(String escrowId, String payer) {
        this.escrowId = escrowId;
        this.escrowTx = escrowId;
        this.payer = payer;
        this.paymentStatus = PaymentStatus.ESCROWED;
        this.assignable = state == JobState.QUEUED;
    }

    /** An ESCROW_SETTLE was admitted (null: forget it, it vanished and is sent again). */
    public void settleSent(String txHash) {
        this.settleTx = txHash;
        this.settleSentAt = txHash == null ? null : System.currentTimeMillis();
    }

    /** When the settle named by {@link #settleTx()} was admitted; null for one recorded before this was kept. */
    public Long settleSentAt() {
        return settleSentAt;
    }

    public void claimRecorded(String txHash) {
        this.claimTx = txHash;
    }

    /** The chain has everything this job owes: its receipt recorded and its escrow closed with {@code status}. */
    public void settled(String settleTx, PaymentStatus status) {
        this.settleTx = settleTx;
        if (status != null) {
            this.paymentStatus = status;
        }
        this.settlement = Settlement.DONE;
        this.settleError = null;
    }

    public void settleFailed(String error) {
        this.settleAttempts++;
        this.settleError = error == null ? null : error.substring(0, Math.min(error.length(), 2000));
    }

    /** Whether a completed job pays its miner (price), or its payer gets everything back. */
    public boolean paysMiner() {
        return state == JobState.COMPLETED && price != null && price > 0;
    }
}
