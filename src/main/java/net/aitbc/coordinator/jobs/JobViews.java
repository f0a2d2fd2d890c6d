package net.aitbc.coordinator.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.protocol.Timestamps;
import net.aitbc.coordinator.receipts.ReceiptKey;

/** The JSON shapes of jobs (coordinator.md): the job view, its trail, the poll's offer. */
@ApplicationScoped
public class JobViews {

    @Inject
    ReceiptKey receiptKey;
    @Inject
    ChainFacts chain;
    @Inject
    MatchReport matches;

    /**
     * {@code {job_id, state, assigned_miner_id, requested_at, expires_at, error, payment_id, payment_status}} plus
     * payment instructions while unfunded, {@code waiting} while queued, and what the job cost once done.
     */
    public JsonObject view(Job job, boolean explainWaiting) {
        JsonObjectBuilder b = JsonCodec.createObjectBuilder()
                .add("job_id", job.jobId)
                .add("state", job.state.name());
        nullable(b, "assigned_miner_id", job.assignedMinerId);
        b.add("requested_at", Timestamps.format(job.requestedAt))
                .add("expires_at", Timestamps.format(job.expiresAt));
        nullable(b, "error", job.error);
        nullable(b, "payment_id", job.escrowId);
        nullable(b, "payment_status", job.paymentStatus == null ? null : job.paymentStatus.wire());
        b.add("constraints", ResultService.parse(job.constraintsJson)).add("attempt", job.attempt);
        if (job.paymentAmount != null) {
            b.add("payment_amount", job.paymentAmount);
            b.add("payment", JsonCodec.createObjectBuilder().add("amount", job.paymentAmount)
                    .add("arbiter", receiptKey.address()).add("reference", job.jobId)
                    .add("expires_at_height", job.paymentExpiresHeight).add("chain_id", chain.chainId())
                    .add("fee", chain.minFee()).add("currency", "AITBC"));
        }
        if (job.receiptId != null) {
            b.add("receipt_id", job.receiptId).add("units", job.units).add("unit_price", job.unitPrice)
                    .add("price", job.price);
        }
        if (job.endedAt != null) {
            b.add("ended_at", Timestamps.format(job.endedAt));
        }
        b.add("settlement", job.settlement.name().toLowerCase(java.util.Locale.ROOT));
        nullable(b, "claim_tx", job.claimTx);
        nullable(b, "settle_tx", job.settleTx);
        if (explainWaiting && job.state == JobState.QUEUED) {
            b.add("waiting", matches.explain(Assignment.constraints(job), job.paymentAmount != null,
                    job.paymentStatus == PaymentStatus.AWAITING_ESCROW));
        }
        return b.build();
    }

    public static JsonObject event(JobEvent e) {
        JsonObjectBuilder b = JsonCodec.createObjectBuilder().add("at", Timestamps.format(e.at));
        nullable(b, "from", e.fromState);
        b.add("to", e.toState);
        nullable(b, "miner_id", e.minerId);
        b.add("attempt", e.attempt).add("reason", e.reason);
        nullable(b, "detail", e.detail);
        return b.build();
    }

    static JsonObject offer(Assignment.Offer offer) {
        return JsonCodec.createObjectBuilder().add("job_id", offer.jobId())
                .add("payload", ResultService.parse(offer.payload()))
                .add("constraints", ResultService.parse(offer.constraints())).build();
    }

    public static JsonValue result(Job job) {
        return job.result == null ? JsonValue.NULL : ResultService.parse(job.result);
    }

    private static void nullable(JsonObjectBuilder b, String name, String value) {
        if (value == null) {
            b.addNull(name);
        } else {
            b.add(name, value);
        }
    }
}
