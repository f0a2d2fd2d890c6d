package net.aitbc.coordinator.payments;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.UncheckedIOException;
import net.aitbc.chain.client.ChainClientException;
import net.aitbc.chain.gateway.ChainGateway;
import net.aitbc.chain.protocol.EscrowPayload;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxType;
import net.aitbc.coordinator.access.Caller;
import net.aitbc.coordinator.jobs.Job;
import net.aitbc.coordinator.jobs.JobService;
import net.aitbc.coordinator.jobs.JobState;
import net.aitbc.coordinator.jobs.PaymentStatus;
import net.aitbc.platform.rest.RequestFields;
import net.aitbc.coordinator.receipts.ReceiptKey;
import net.aitbc.platform.error.ApiException;

/**
 * Funding a paid job (coordinator.md, Payments): the client's wallet signs an ESCROW_LOCK naming this
 * coordinator as arbiter and the job as reference; it is checked here against the job's payment instructions,
 * then submitted to the chain. Only a lock the chain admitted makes the job assignable; a refusal is passed on
 * with the chain's reason, and the job stays unfunded.
 */
@ApplicationScoped
public class PaymentService {

    private static final String HOW = "payment_tx must be an ESCROW_LOCK signed by the paying wallet, with the job "
            + "view's payment instructions: payload {amount, arbiter, expires_at_height, reference: <job_id>} "
            + "(e.g. the wallet tool's `aitbc job pay`)";

    @PersistenceContext(unitName = "aitbc")
    EntityManager em;
    @Inject
    JobService jobs;
    @Inject
    ReceiptKey receiptKey;
    @Inject
    ChainGateway chain;

    @Transactional
    public Job pay(Caller client, String jobId, JsonObject body) {
        if (jobId == null || jobId.isBlank()) {
            throw ApiException.invalidField("job_id", "job_id is required");
        }
        JsonObject txJson = body.get("payment_tx") instanceof JsonObject o ? o : null;
        if (txJson == null) {
            throw ApiException.invalidField("payment_tx", HOW);
        }
        Long amount = RequestFields.integer(body, "amount", 1, Long.MAX_VALUE);
        Job job = jobs.lockOwn(client, jobId);
        if (job.paymentAmount() == null) {
            throw new ApiException(409, "free_job", "job " + jobId + " was submitted without payment_amount");
        }
        if (job.paymentStatus() != PaymentStatus.AWAITING_ESCROW) {
            throw new ApiException(409, "already_funded", "job " + jobId + " is already funded (escrow "
                    + job.escrowId() + ")");
        }
        if (job.state() != JobState.QUEUED) {
            throw new ApiException(409, "invalid_transition", "job " + jobId + " is " + job.state()
                    + "; only a queued job can be funded");
        }
        SignedTx tx = SignedTx.fromWire(txJson);
        EscrowPayload.Lock lock = check(job, tx, amount, client);
        try {
            chain.client().send(tx);
        } catch (ChainClientException e) {
            String field = e.body().getString("field", null);
            throw new ApiException(e.status(), e.error(), "the chain refused the lock: "
                    + e.body().getString("detail", e.getMessage()), field == null ? "payment_tx" : "payment_tx." + field);
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new ApiException(503, "chain_unavailable", "the chain is unreachable; the job stays unfunded: "
                    + e.getMessage());
        }
        jobs.escrowed(job, tx.hash(), tx.sender());
        return job;
    }

    private EscrowPayload.Lock check(Job job, SignedTx tx, Long amount, Caller client) {
        if (tx.type() != TxType.ESCROW_LOCK) {
            throw ApiException.invalidField("payment_tx.type", "payment_tx must be an ESCROW_LOCK, not " + tx.type());
        }
        EscrowPayload.Lock lock = EscrowPayload.readLock(tx.payload(), tx.sender());
        if (!receiptKey.address().equals(lock.arbiter())) {
            throw ApiException.invalidField("payment_tx.payload.arbiter", "the lock's arbiter must be this "
                    + "coordinator's receipt address " + receiptKey.address());
        }
        if (!job.jobId().equals(lock.reference())) {
            throw ApiException.invalidField("payment_tx.payload.reference", "the lock's reference must be the job id "
                    + job.jobId());
        }
        if (lock.amount() < job.paymentAmount()) {
            throw ApiException.invalidField("payment_tx.payload.amount", "the lock pays " + lock.amount()
                    + ", less than the job's payment_amount " + job.paymentAmount());
        }
        if (amount != null && amount != lock.amount()) {
            throw ApiException.invalidField("amount", "amount " + amount + " differs from the lock's amount "
                    + lock.amount());
        }
        if (lock.expiresAtHeight() < job.paymentExpiresHeight()) {
            throw ApiException.invalidField("payment_tx.payload.expires_at_height", "the lock must not expire before"
                    + " height " + job.paymentExpiresHeight() + " (the job's expiry plus the settlement margin)");
        }
        if (client.kind() == Caller.Kind.USER && !client.id().equals(tx.sender())) {
            throw ApiException.invalidField("payment_tx.sender", "a signed-in wallet pays from its own address "
                    + client.id());
        }
        return lock;
    }
}
