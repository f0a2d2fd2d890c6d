package net.aitbc.coordinator.payments;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import net.aitbc.chain.client.ChainClientException;
import net.aitbc.chain.client.SigningAccount;
import net.aitbc.chain.gateway.ChainGateway;
import net.aitbc.chain.protocol.EscrowPayload.Payout;
import net.aitbc.chain.protocol.EscrowState;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxType;
import net.aitbc.coordinator.jobs.ChainFacts;
import net.aitbc.coordinator.jobs.CoordinatorSettings;
import net.aitbc.coordinator.jobs.Job;
import net.aitbc.coordinator.jobs.JobService;
import net.aitbc.coordinator.jobs.JobTransitions;
import net.aitbc.coordinator.jobs.MinerService;
import net.aitbc.coordinator.jobs.PaymentStatus;
import net.aitbc.coordinator.jobs.Settlement;
import net.aitbc.coordinator.receipts.ReceiptKey;
import net.aitbc.coordinator.receipts.ReceiptStore;

/**
 * Brings a finished job's money and receipt to the chain, step by step and idempotently, so that any step can be
 * retried after a crash: the RECEIPT_CLAIM (a receipt already recorded counts as done), then one ESCROW_SETTLE
 * naming the receipt (miner's wallet: price less the coordinator's share; the coordinator: its share; the payer:
 * the rest; everything back to the payer when the job did not complete). The job is settled when the chain shows
 * the escrow closed; a settle that vanished (dropped, reorganised away) is sent again. The chain refuses a second
 * settle of an escrow, so two servers racing here cannot pay twice.
 */
@ApplicationScoped
public class Settler {

    @PersistenceContext(unitName = "aitbc")
    EntityManager em;
    @Inject
    ChainGateway chain;
    @Inject
    ChainFacts facts;
    @Inject
    ReceiptKey receiptKey;
    @Inject
    ReceiptStore receipts;
    @Inject
    MinerService miners;
    @Inject
    JobService jobs;
    @Inject
    CoordinatorSettings settings;
    @Inject
    JobTransitions transitions;

    private volatile SigningAccount account;

    /** Jobs whose settlement is pending, oldest end first. */
    @SuppressWarnings("unchecked")
    @Transactional
    public List<String> pending(int limit) {
        return em.createNativeQuery("SELECT job_id FROM coord_job WHERE settlement = 'PENDING' ORDER BY ended_at, job_id LIMIT " + limit)
                .getResultList();
    }

    /** Pending jobs with a transaction still to send (not those only waiting for their settle to be included). */
    @SuppressWarnings("unchecked")
    @Transactional
    public List<String> unsent(int limit) {
        return em.createNativeQuery("SELECT job_id FROM coord_job WHERE settlement = 'PENDING' AND ((receipt_id IS NOT NULL"
                + " AND claim_tx IS NULL) OR (escrow_id IS NOT NULL AND settle_tx IS NULL) OR escrow_id IS NULL)"
                + " ORDER BY ended_at, job_id LIMIT " + limit).getResultList();
    }

    /** One step further for one job; false when another thread or server holds it or it is not pending. */
    @SuppressWarnings("unchecked")
    @Transactional
    public boolean advance(String jobId) {
        List<String> locked = em.createNativeQuery("SELECT job_id FROM coord_job WHERE job_id = ? AND settlement = 'PENDING'"
                + " FOR UPDATE SKIP LOCKED").setParameter(1, jobId).getResultList();
        if (locked.isEmpty()) {
            return false;
        }
        Job job = em.find(Job.class, jobId);
        em.refresh(job);
        try {
            if (job.receiptId() != null && job.claimTx() == null) {
                claim(job);
            }
            if (job.escrowId() == null) {
                job.settled(null, null);
                note(job, "settled", "receipt recorded by " + job.claimTx());
                return true;
            }
            if (job.settleTx() == null) {
                SignedTx tx = account().settle(job.escrowId(), payouts(job), job.paysMiner() ? job.receiptId() : null,
                        facts.minFee());
                job.settleSent(tx.hash());
                note(job, "settle_sent", "ESCROW_SETTLE " + tx.hash());
                return true;
            }
            confirm(job);
        } catch (ChainClientException e) {
            handleRefusal(job, e);
        } catch (UncheckedIOException | IllegalStateException e) {
            job.settleFailed("chain unreachable: " + e.getMessage());
        }
        return true;
    }

    private void claim(Job job) {
        JsonObject receipt = receipts.byId(job.receiptId()).orElseThrow();
        try {
            SignedTx tx = account().send(TxType.RECEIPT_CLAIM, facts.minFee(),
                    JsonCodec.createObjectBuilder().add("receipt", receipt).build());
            job.claimRecorded(tx.hash());
            note(job, "receipt_claim_sent", "RECEIPT_CLAIM " + tx.hash());
        } catch (ChainClientException e) {
            if (!"duplicate_receipt".equals(e.error())) {
                throw e;
            }
            job.claimRecorded(claimTxOf(job.receiptId()).orElse("recorded"));
        }
    }

    /** The chain's view of the escrow decides: closed means settled (by us, or reclaimed by the payer). */
    private void confirm(Job job) {
        Optional<EscrowState> escrow = chain.client().escrow(job.escrowId());
        if (escrow.isEmpty()) {
            job.settleFailed("escrow " + job.escrowId() + " is not in a block yet");
            return;
        }
        EscrowState e = escrow.get();
        switch (e.status()) {
            case SETTLED -> {
                job.settled(e.closeTx(), job.paysMiner() ? PaymentStatus.RELEASED : PaymentStatus.REFUNDED);
                note(job, "settled", "escrow settled by " + e.closeTx() + " at height " + e.closeHeight());
            }
            case RECLAIMED -> {
                job.settled(e.closeTx(), PaymentStatus.RECLAIMED);
                note(job, "reclaimed", "the payer reclaimed the escrow by " + e.closeTx());
            }
            case OPEN -> {
                if (!known(job.settleTx())) {
                    job.settleSent(null); // dropped or reorganised away: send it again next round
                    job.settleFailed("settle " + job.settleTx() + " vanished; sending it again");
                }
            }
        }
    }

    private void handleRefusal(Job job, ChainClientException e) {
        switch (e.error()) {
            case "escrow_closed" -> {
                // closed already (our earlier settle, or the payer's reclaim): record what the chain shows
                Optional<EscrowState> escrow = chain.client().escrow(job.escrowId());
                if (escrow.isPresent() && !escrow.get().isOpen()) {
                    job.settleSent(escrow.get().closeTx());
                    confirm(job);
                } else {
                    job.settleFailed("a settle of escrow " + job.escrowId() + " is already pending");
                }
            }
            default -> job.settleFailed(e.status() + " " + e.error() + ": " + e.body().getString("detail", ""));
        }
    }

    private List<Payout> payouts(Job job) {
        EscrowState escrow = chain.client().escrow(job.escrowId()).orElseThrow(() -> new ChainClientException(400,
                JsonCodec.createObjectBuilder().add("error", "unknown_escrow")
                        .add("detail", "escrow " + job.escrowId() + " is not in a block yet").build()));
        long price = job.paysMiner() ? Math.min(job.price(), escrow.amount()) : 0;
        String wallet = price > 0 ? miners.registered(job.assignedMinerId(), false).walletAddress() : null;
        return PayoutSplit.of(escrow.amount(), price, settings.coordinatorShare(price), wallet, receiptKey.address(),
                escrow.payer());
    }

    private boolean known(String txHash) {
        try {
            chain.client().tx(txHash);
            return true;
        } catch (ChainClientException e) {
            return e.status() != 404;
        }
    }

    private Optional<String> claimTxOf(String receiptId) {
        JsonArray found = chain.client().get("/rpc/transactions/search?receipt_id=" + receiptId)
                .getJsonArray("transactions");
        return found == null || found.isEmpty() ? Optional.empty()
                : Optional.of(found.getJsonObject(0).getString("tx_hash"));
    }

    private void note(Job job, String reason, String detail) {
        transitions.note(job, job.state(), job.state(), null, reason, detail);
    }

    private SigningAccount account() {
        SigningAccount a = account;
        if (a == null) {
            synchronized (this) {
                if (account == null) {
                    account = chain.account(receiptKey.keyPair());
                }
                a = account;
            }
        }
        return a;
    }
}
