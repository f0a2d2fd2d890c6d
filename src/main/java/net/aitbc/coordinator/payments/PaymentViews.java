package net.aitbc.coordinator.payments;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.coordinator.jobs.Job;

/** {@code {payment_id (= escrow id), job_id, amount, status, escrow_tx, payer, settle_tx, ...}}. */
final class PaymentViews {

    private PaymentViews() {
    }

    static JsonObject view(Job job, String arbiter) {
        JsonObjectBuilder b = JsonCodec.createObjectBuilder();
        add(b, "payment_id", job.escrowId());
        b.add("job_id", job.jobId()).add("amount", job.paymentAmount())
                .add("currency", "AITBC")
                .add("status", job.paymentStatus() == null ? "none" : job.paymentStatus().wire())
                .add("arbiter", arbiter);
        add(b, "escrow_tx", job.escrowTx());
        add(b, "payer", job.payer());
        add(b, "receipt_id", job.receiptId());
        add(b, "claim_tx", job.claimTx());
        add(b, "settle_tx", job.settleTx());
        b.add("settlement", job.settlement().name().toLowerCase(java.util.Locale.ROOT));
        if (job.price() != null) {
            b.add("price", job.price());
        }
        add(b, "settle_error", job.settleError());
        return b.build();
    }

    private static void add(JsonObjectBuilder b, String name, String value) {
        if (value == null) {
            b.addNull(name);
        } else {
            b.add(name, value);
        }
    }
}
