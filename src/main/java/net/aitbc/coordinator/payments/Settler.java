package net.aitbc.coordinator.payments;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.aitbc.chain.client.ChainClientException;
import net.aitbc.chain.client.SigningAccount;
import net.aitbc.chain.gateway.ChainGateway;
import net.aitbc.chain.protocol.EscrowPayload;
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

    /** a settle still not in a block this long after it was admitted is asked for at the node */
    private static final long OVERDUE_MILLIS = 30_000;

    private volatile SigningAccount account;

    /** One transaction of a pass: what it is for. */
    private record Step(Job job, TxType type, SigningAccount.Op op) {
    }

    /** Pending jobs with a receipt to claim or an escrow to settle (or, unpaid, only the claim). */
    private static final String UNSENT = "settlement = 'PENDING' AND ((receipt_id IS NOT NULL AND claim_tx IS NULL)"
            + " OR (escrow_id IS NOT NULL AND settle_tx IS NULL) OR escrow_id IS NULL)";

    /**
     * One pass over ended jobs with something to send: their receipt claims and settles go to the chain in one
     * batch, in the coordinator's nonce order (one request and normally one commit at the node, instead of one of
     * each per transaction). The passes of all servers take turns on one row, since they share the coordinator
     * key's nonce sequence; the jobs are locked too, so nothing else changes them meanwhile. A job whose lock is not
     * in a block yet is left for a later pass (a settle can only name an escrow the chain shows). Returns how many
     * jobs the pass moved.
     */
    @SuppressWarnings("unchecked")
    @Transactional
    public int sendPass(int limit) {
        em.createNativeQuery("UPDATE coord_settlement_turn SET last_pass_at = ? WHERE id = 1")
                .setParameter(1, System.currentTimeMillis()).executeUpdate();
        List<Job> batch = em.createNativeQuery("SELECT * FROM coord_job WHERE " + UNSENT
                + " ORDER BY ended_at, job_id LIMIT " + limit + " FOR UPDATE SKIP LOCKED", Job.class).getResultList();
        Map<String, EscrowState> escrows;
        try {
            // one request for the pass: a settle names an escrow the chain shows, and pays out what it holds
            escrows = chain.client().escrows(batch.stream().filter(j -> j.escrowId() != null && j.settleTx() == null)
                    .map(Job::escrowId).toList());
        } catch (UncheckedIOException | IllegalStateException | ChainClientException e) {
            batch.forEach(j -> j.settleFailed("chain unreachable: " + e.getMessage()));
            return 0;
        }
        List<Step> steps = new ArrayList<>();
        int moved = 0;
        for (Job job : batch) {
            try {
                moved += plan(job, steps, Optional.ofNullable(escrows.get(job.escrowId()))) ? 1 : 0;
            } catch (ChainClientException e) {
                handleRefusal(job, e);
            } catch (UncheckedIOException | IllegalStateException e) {
                job.settleFailed("chain unreachable: " + e.getMessage());
            }
        }
        if (steps.isEmpty()) {
            return moved;
        }
        List<SigningAccount.Outcome> outcomes;
        try {
            outcomes = account().sendAll(steps.stream().map(Step::op).toList(), facts.minFee());
        } catch (UncheckedIOException | IllegalStateException | ChainClientException e) {
            // nothing is recorded as sent; a later pass sends it again (the chain refuses doubles)
            steps.forEach(st -> st.job().settleFailed("chain unreachable: " + e.getMessage()));
            return 0;
        }
        for (int i = 0; i < outcomes.size(); i++) {
            record(steps.get(i), outcomes.get(i));
        }
        return moved;
    }

    /** Adds what {@code job} sends in this pass to {@code steps}; true when the job moves (sends or is done). */
    private boolean plan(Job job, List<Step> steps, Optional<EscrowState> escrow) {
        boolean claims = job.receiptId() != null && job.claimTx() == null;
        if (claims) {
            JsonObject receipt = receipts.byId(job.receiptId()).orElseThrow();
            steps.add(new Step(job, TxType.RECEIPT_CLAIM, new SigningAccount.Op(TxType.RECEIPT_CLAIM,
                    JsonCodec.createObjectBuilder().add("receipt", receipt).build())));
        }
        if (job.escrowId() == null) {
            if (!claims) {
                job.settled(null, null);
                note(job, "settled", "receipt recorded by " + job.claimTx());
            }
            return true;
        }
        if (job.settleTx() != null) {
            return claims;
        }
        if (escrow.isEmpty()) {
            job.settleFailed("escrow " + job.escrowId() + " is not in a block yet");
            return claims;
        }
        if (!escrow.get().isOpen()) {
            // closed already (our earlier settle whose answer was lost, or the payer's reclaim)
            job.settleSent(escrow.get().closeTx());
            confirm(job, escrow, System.currentTimeMillis());
            return true;
        }
        steps.add(new Step(job, TxType.ESCROW_SETTLE, new SigningAccount.Op(TxType.ESCROW_SETTLE,
                EscrowPayload.settle(job.escrowId(), payouts(job, escrow.get()),
                        job.paysMiner() ? job.receiptId() : null))));
        return true;
    }

    /** What the chain answered to one step of a pass, recorded on its job. */
    private void record(Step step, SigningAccount.Outcome outcome) {
        Job job = step.job();
        if (outcome.refused() == null) {
            String hash = outcome.tx().hash();
            if (step.type() == TxType.RECEIPT_CLAIM) {
                job.claimRecorded(hash);
                note(job, "receipt_claim_sent", "RECEIPT_CLAIM " + hash);
                if (job.escrowId() == null) {
                    job.settled(null, null);
                    note(job, "settled", "receipt recorded by " + hash);
                }
            } else {
                job.settleSent(hash);
                note(job, "settle_sent", "ESCROW_SETTLE " + hash);
            }
            return;
        }
        ChainClientException e = outcome.refused() instanceof ChainClientException c ? c
                : new ChainClientException(500, JsonCodec.createObjectBuilder().add("error", "send_failed")
                        .add("detail", String.valueOf(outcome.refused().getMessage())).build());
        if (step.type() == TxType.RECEIPT_CLAIM && "duplicate_receipt".equals(e.error())) {
            job.claimRecorded(claimTxOf(job.receiptId()).orElse("recorded")); // recorded by an earlier pass
        } else if (step.type() == TxType.RECEIPT_CLAIM) {
            job.settleFailed("claim refused: " + e.status() + " " + e.error() + ": " + e.body().getString("detail", ""));
        } else {
            handleRefusal(job, e);
        }
    }

    /**
     * One confirmation round: the jobs whose settle was sent, each settled once the chain shows its escrow closed.
     * One lookup at the node and one transaction for all of them (a request and a transaction per job once cost more
     * than the settles). Returns how many jobs it looked at; the jobs another server's round holds are skipped.
     */
    @SuppressWarnings("unchecked")
    @Transactional
    public int confirmPass(int limit) {
        List<Job> sent = em.createNativeQuery("SELECT * FROM coord_job WHERE settlement = 'PENDING' AND settle_tx IS NOT NULL"
                + " ORDER BY ended_at, job_id LIMIT " + limit + " FOR UPDATE SKIP LOCKED", Job.class).getResultList();
        if (sent.isEmpty()) {
            return 0;
        }
        Map<String, EscrowState> escrows;
        try {
            escrows = chain.client().escrows(sent.stream().map(Job::escrowId).toList());
        } catch (UncheckedIOException | IllegalStateException | ChainClientException e) {
            sent.forEach(j -> j.settleFailed("chain unreachable: " + e.getMessage()));
            return sent.size();
        }
        long now = System.currentTimeMillis();
        for (Job job : sent) {
            try {
                confirm(job, Optional.ofNullable(escrows.get(job.escrowId())), now);
            } catch (UncheckedIOException | IllegalStateException | ChainClientException e) {
                job.settleFailed("chain unreachable: " + e.getMessage());
            }
        }
        return sent.size();
    }

    /**
     * The chain's view of the escrow decides: closed means settled (by us, or reclaimed by the payer). An escrow
     * still open is normally its settle waiting for the next block; only an overdue one is looked up, in case it
     * was dropped or reorganised away.
     */
    private void confirm(Job job, Optional<EscrowState> escrow, long now) {
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
                boolean overdue = job.settleSentAt() == null || now - job.settleSentAt() > OVERDUE_MILLIS;
                if (overdue && !known(job.settleTx())) {
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
                    confirm(job, escrow, System.currentTimeMillis());
                } else {
                    job.settleFailed("a settle of escrow " + job.escrowId() + " is already pending");
                }
            }
            default -> job.settleFailed(e.status() + " " + e.error() + ": " + e.body().getString("detail", ""));
        }
    }

    private List<Payout> payouts(Job job, EscrowState escrow) {
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
