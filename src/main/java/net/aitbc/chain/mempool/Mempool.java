package net.aitbc.chain.mempool;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import net.aitbc.chain.config.ChainConfig;
import net.aitbc.chain.ledger.BlockAdded;
import net.aitbc.chain.ledger.ChainHead;
import net.aitbc.chain.ledger.EscrowRules;
import net.aitbc.chain.ledger.Ledger;
import net.aitbc.chain.ledger.StateTransition;
import net.aitbc.chain.protocol.EscrowPayload;
import net.aitbc.chain.protocol.RejectReason;
import net.aitbc.chain.protocol.SignedReceipt;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxRejectedException;
import net.aitbc.chain.protocol.TxType;

/**
 * The pending transactions, kept in the database so an acknowledged transaction survives a crash. Admission
 * checks every rule of chain.md; a refused transaction leaves no trace. Admissions of one sender are serialised,
 * so nonce and balance checks cannot race, without locking account rows that a committing block holds.
 */
@ApplicationScoped
public class Mempool {

    @PersistenceContext(unitName = "aitbc")
    EntityManager em;

    @Inject
    Ledger ledger;

    @Inject
    ChainConfig config;

    /** Approximate size for the capacity check and metrics; exact after start-up, kept by events after. */
    private final AtomicLong size = new AtomicLong(-1);

    /** Serialises admissions per sender (the node's JVM is the only writer of its mempool). */
    private final java.util.concurrent.locks.ReentrantLock[] senderLocks = new java.util.concurrent.locks.ReentrantLock[256];

    {
        for (int i = 0; i < senderLocks.length; i++) {
            senderLocks[i] = new java.util.concurrent.locks.ReentrantLock();
        }
    }

    @Inject
    PendingTxStore store;

    @Inject
    ChainHead head;

    @Inject
    GroupCommit groupCommit;

    /**
     * Admits a signed transaction, or throws {@link TxRejectedException}; returns its tx_hash once it is committed.
     * The checks that need no database run first; then, one sender at a time, nonce, balance and duplicates are
     * checked against one consistent snapshot of the sender ({@link PendingTxStore}) and the transaction is stored
     * by the {@link GroupCommit}.
     */
    public String submit(SignedTx tx) {
        checkAlone(tx, Set.of(), Set.of());
        var lock = senderLocks[Math.floorMod(tx.sender().hashCode(), senderLocks.length)];
        lock.lock();
        try {
            admit(tx); // commits before the lock is released
            return tx.hash();
        } finally {
            lock.unlock();
        }
    }

    /** One transaction of a batch: admitted (refused is null) or refused with the reason. */
    public record BatchOutcome(SignedTx tx, TxRejectedException refused) {
    }

    /**
     * Admits one sender's transactions in the order given, under one hold of the sender's lock and normally one
     * commit, each checked as {@link #submit} checks it, against the sender's state plus the batch's earlier
     * transactions (their nonces, their cost, the receipts they claim and the escrows they close). A refused
     * transaction leaves no trace, and the ones after it are refused unjudged ({@code bad_nonce}: the client signs
     * them again with the nonces now next).
     */
    public List<BatchOutcome> submitBatch(List<SignedTx> txs) {
        String sender = txs.get(0).sender();
        List<BatchOutcome> outcomes = new ArrayList<>(txs.size());
        var lock = senderLocks[Math.floorMod(sender.hashCode(), senderLocks.length)];
        lock.lock();
        try {
            PendingTxStore.SenderSnapshot state = store.snapshot(sender, "");
            // one query for the whole batch: a snapshot per transaction re-counted all of the sender's pending
            // ones each time (the coordinator's batches come with hundreds pending)
            Set<String> known = store.knownHashes(txs.stream().map(SignedTx::hash).toList());
            long next = state.nextNonce();
            long spendable = state.spendable();
            Set<String> claimed = new HashSet<>();
            Set<String> closing = new HashSet<>();
            Set<String> hashes = new HashSet<>();
            List<SignedTx> admitted = new ArrayList<>();
            TxRejectedException firstRefusal = null;
            for (SignedTx tx : txs) {
                try {
                    if (firstRefusal != null) {
                        // judged behind a refused one, a later nonce could still match the sender's next by chance
                        // (a batch signed from a stale nonce): the client would then sign that operation twice
                        throw new TxRejectedException(RejectReason.BAD_NONCE, "not admitted: it follows a refused "
                                + "transaction of this batch; sign it again with the sender's next nonce", "nonce");
                    }
                    if (!tx.sender().equals(sender)) {
                        throw new TxRejectedException(RejectReason.INVALID_FIELD, "a batch holds one sender's "
                                + "transactions only", "sender");
                    }
                    checkAlone(tx, claimed, closing);
                    if (!hashes.add(tx.hash()) || known.contains(tx.hash())) {
                        throw new TxRejectedException(RejectReason.DUPLICATE, "transaction " + tx.hash()
                                + " is already known");
                    }
                    if (tx.nonce() != next) {
                        throw new TxRejectedException(RejectReason.BAD_NONCE, "nonce " + tx.nonce()
                                + " is not the sender's next nonce (" + next + ")", "nonce");
                    }
                    if (spendable < tx.cost()) {
                        throw new TxRejectedException(RejectReason.INSUFFICIENT_BALANCE, "spendable " + spendable
                                + " cannot cover " + tx.cost(), tx.cost() > tx.fee() ? "payload.amount" : "fee");
                    }
                    next++;
                    spendable -= tx.cost();
                    rememberEffects(tx, claimed, closing);
                    admitted.add(tx);
                    outcomes.add(new BatchOutcome(tx, null));
                } catch (TxRejectedException e) {
                    outcomes.add(new BatchOutcome(tx, e));
                    firstRefusal = firstRefusal == null ? e : firstRefusal;
                }
            }
            List<RuntimeException> failures = groupCommit.storeAll(admitted);
            for (int i = 0, a = 0; i < outcomes.size(); i++) {
                if (outcomes.get(i).refused() == null) {
                    RuntimeException failure = failures.get(a++);
                    if (failure != null) {
                        if (!isUniqueViolation(failure)) {
                            throw failure; // the database failed: a 500, nothing of the rest acknowledged
                        }
                        outcomes.set(i, new BatchOutcome(outcomes.get(i).tx(), new TxRejectedException(
                                RejectReason.BAD_NONCE, "nonce " + outcomes.get(i).tx().nonce()
                                + " was just taken by another pending transaction of this sender", "nonce")));
                    }
                }
            }
            return outcomes;
        } finally {
            lock.unlock();
        }
    }

    /** The checks that need no sender snapshot: chain, signature, fee, type rules, room in the mempool. */
    private void checkAlone(SignedTx tx, Set<String> claimedEarlier, Set<String> closingEarlier) {
        if (!tx.chainId().equals(config.chainId())) {
            throw new TxRejectedException(RejectReason.WRONG_CHAIN, "chain_id " + tx.chainId()
                    + " is not this chain (" + config.chainId() + ")", "chain_id");
        }
        tx.checkSignature();
        // the faucet's MINT is admin-authorised and pays no fee; the minimum fee is an anti-spam rule
        if (tx.type() != TxType.MINT && tx.fee() < config.minFee()) {
            throw new TxRejectedException(RejectReason.FEE_TOO_LOW, "fee " + tx.fee() + " is below the minimum "
                    + config.minFee(), "fee");
        }
        checkType(tx, claimedEarlier, closingEarlier);
        if (size() >= config.mempoolMaxSize()) {
            throw new TxRejectedException(RejectReason.MEMPOOL_FULL, "the mempool is full ("
                    + config.mempoolMaxSize() + " transactions); retry later");
        }
    }

    /** What an admitted transaction of a batch means for the batch's later ones. */
    private static void rememberEffects(SignedTx tx, Set<String> claimed, Set<String> closing) {
        switch (tx.type()) {
            case RECEIPT_CLAIM -> claimed.add(SignedReceipt.parse(tx.payload().getJsonObject("receipt")).receiptId());
            case ESCROW_SETTLE, ESCROW_RECLAIM -> closing.add(EscrowPayload.escrowId(tx.payload()));
            default -> {
            }
        }
    }

    /** Nonce, balance and duplicate checks on one snapshot of the sender, then the group-committed insert. */
    private void admit(SignedTx tx) {
        PendingTxStore.SenderSnapshot sender = store.snapshot(tx.sender(), tx.hash());
        if (sender.known()) {
            throw new TxRejectedException(RejectReason.DUPLICATE, "transaction " + tx.hash() + " is already known");
        }
        if (tx.nonce() != sender.nextNonce()) {
            throw new TxRejectedException(RejectReason.BAD_NONCE, "nonce " + tx.nonce()
                    + " is not the sender's next nonce (" + sender.nextNonce() + ")", "nonce");
        }
        if (sender.spendable() < tx.cost()) {
            throw new TxRejectedException(RejectReason.INSUFFICIENT_BALANCE, "balance " + sender.balance()
                    + (sender.pendingCost() > 0 ? " less pending " + sender.pendingCost() : "")
                    + " cannot cover " + (tx.cost() > tx.fee() ? "amount + fee = " : "the fee ") + tx.cost(),
                    tx.cost() > tx.fee() ? "payload.amount" : "fee");
        }
        try {
            groupCommit.store(tx);
        } catch (RuntimeException e) {
            if (!isUniqueViolation(e)) {
                throw e; // the database failed: a 500 with an error id, nothing acknowledged
            }
            // only another server process on the same database can take the (sender, nonce) first
            throw new TxRejectedException(RejectReason.BAD_NONCE, "nonce " + tx.nonce()
                    + " was just taken by another pending transaction of this sender", "nonce");
        }
    }

    /** SQLSTATE 23505, unique violation, on PostgreSQL and H2 alike. */
    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * An account's balance, nonce and pending transactions from one snapshot; its {@code nextNonce()} is the one
     * place the node computes the nonce an account's next transaction must carry (applied plus pending).
     */
    public PendingTxStore.SenderSnapshot snapshotOf(String address) {
        return store.snapshot(address, "");
    }

    private void checkType(SignedTx tx, Set<String> claimedEarlier, Set<String> closingEarlier) {
        StateTransition rules = new StateTransition(config.genesis(), ledger::isReceiptRecorded);
        switch (tx.type()) {
            case MINT -> rules.checkMintAllowed(tx);
            case RECEIPT_CLAIM -> {
                SignedReceipt receipt = SignedReceipt.parse(tx.payload().getJsonObject("receipt"));
                if (ledger.isReceiptRecorded(receipt.receiptId()) || claimedEarlier.contains(receipt.receiptId())) {
                    throw new TxRejectedException(RejectReason.DUPLICATE_RECEIPT, "receipt "
                            + receipt.receiptId() + " is already recorded", "payload.receipt");
                }
                // a second claim could only be dropped by the producer: refuse it while the first is known
                List<String> claiming = em.createNamedQuery("PendingTx.claiming", String.class)
                        .setParameter("receiptId", receipt.receiptId()).getResultList();
                if (!claiming.isEmpty()) {
                    throw new TxRejectedException(RejectReason.DUPLICATE_RECEIPT, "receipt " + receipt.receiptId()
                            + " is already being claimed by pending transaction " + claiming.get(0), "payload.receipt");
                }
            }
            case TRANSFER -> {
                // amounts were checked with the form
            }
            case ESCROW_LOCK -> EscrowRules.checkLock(EscrowPayload.readLock(tx.payload(), tx.sender()), nextHeight());
            case ESCROW_SETTLE -> {
                EscrowPayload.Settle settle = EscrowPayload.readSettle(tx.payload());
                refuseSecondClose(settle.escrowId(), closingEarlier);
                // the claim may still be pending: one of the same sender comes before this settle in any block
                boolean recorded = settle.receiptId() != null && (ledger.isReceiptRecorded(settle.receiptId())
                        || claimedEarlier.contains(settle.receiptId()) || pendingClaimOf(tx.sender(), settle.receiptId()));
                EscrowRules.checkSettle(ledger.escrow(settle.escrowId()), tx, settle, recorded);
            }
            case ESCROW_RECLAIM -> {
                String id = EscrowPayload.escrowId(tx.payload());
                refuseSecondClose(id, closingEarlier);
                EscrowRules.checkReclaim(ledger.escrow(id), tx, id, nextHeight());
            }
        }
    }

    /** The height of the earliest block that can include a transaction admitted now. */
    private long nextHeight() {
        return head.header(config.chainId()).map(h -> h.height() + 1).orElse(1L);
    }

    /** A second settle or reclaim of one escrow is refused while the first is pending (the chain has the first). */
    private void refuseSecondClose(String escrowId, Set<String> closingEarlier) {
        if (closingEarlier.contains(escrowId)) {
            throw new TxRejectedException(RejectReason.ESCROW_CLOSED, "escrow " + escrowId + " is already being "
                    + "closed by an earlier transaction of this batch", "payload.escrow_id");
        }
        List<String> pending = em.createNamedQuery("PendingTx.closing", String.class)
                .setParameter("escrowId", escrowId).getResultList();
        if (!pending.isEmpty()) {
            throw new TxRejectedException(RejectReason.ESCROW_CLOSED, "escrow " + escrowId + " is already being "
                    + "closed by pending transaction " + pending.get(0), "payload.escrow_id");
        }
    }

    private boolean pendingClaimOf(String sender, String receiptId) {
        return em.createNamedQuery("PendingTx.claimOf", Long.class).setParameter("sender", sender)
                .setParameter("receiptId", receiptId).getSingleResult() > 0;
    }

    public long size() {
        long s = size.get();
        if (s < 0) {
            s = em.createNamedQuery("PendingTx.count", Long.class).getSingleResult();
            size.compareAndSet(-1, s);
        }
        return Math.max(0, s);
    }

    /** Exact count from the database; changes nothing (a GET must not). */
    public long count() {
        return em.createNamedQuery("PendingTx.count", Long.class).getSingleResult();
    }

    /** Exact count from the database, which also resets the running count: for start-up only. */
    public long recount() {
        long s = em.createNamedQuery("PendingTx.count", Long.class).getSingleResult();
        size.set(s);
        return s;
    }

    /**
     * Candidates for the next block: each sender's next transactions first (their place in the sender's queue,
     * then fee, then arrival), so a window of a few blocks' worth always holds includable transactions even when
     * many senders have long queues. The producer then takes them by fee.
     */
    public List<PendingTx> candidates(int limit) {
        return store.candidates(limit);
    }

    /** Pending transactions in block-producer order, from {@code offset} on. */
    public List<PendingTx> byPriority(int offset, int limit) {
        return em.createNamedQuery("PendingTx.byPriority", PendingTx.class).setFirstResult(offset)
                .setMaxResults(limit).getResultList();
    }

    /** When the longest-waiting pending transaction arrived, if any. */
    public java.util.Optional<Long> oldestReceivedAt() {
        return java.util.Optional.ofNullable(em.createNamedQuery("PendingTx.oldest", Long.class).getSingleResult());
    }

    public java.util.Optional<PendingTx> find(String hash) {
        return java.util.Optional.ofNullable(em.find(PendingTx.class, hash));
    }

    /** How many pending transactions a block producer would take before this one. */
    public long positionOf(PendingTx tx) {
        return em.createNamedQuery("PendingTx.ahead", Long.class).setParameter("fee", tx.fee())
                .setParameter("seq", tx.seq()).getSingleResult();
    }

    /** The hashes of a sender's pending transactions with a nonce above {@code nonce}. */
    public List<String> laterThan(String sender, long nonce) {
        return em.createNamedQuery("PendingTx.laterThan", String.class).setParameter("sender", sender)
                .setParameter("nonce", nonce).getResultList();
    }

    public List<PendingTx> ofAddress(String address, int limit) {
        return em.createNamedQuery("PendingTx.ofAddress", PendingTx.class).setParameter("address", address)
                .setMaxResults(limit).getResultList();
    }

    /**
     * Removes transactions in the caller's transaction (a block took them, or they became invalid) and returns
     * how many were pending here: the number the caller's {@link BlockAdded} must report, so the running count
     * follows the table (an imported block usually holds transactions this node never had).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int remove(List<String> hashes) {
        return store.deleteAll(hashes);
    }

    /**
     * Counts every committed change of the mempool (an admission, a block's removals, a drop): an answer built
     * from the mempool after reading version v is current while the version is still v.
     */
    public long version() {
        return version.get();
    }

    private final AtomicLong version = new AtomicLong();

    void onAccepted(@Observes(during = TransactionPhase.AFTER_SUCCESS) TxAccepted event) {
        size.incrementAndGet();
        version.incrementAndGet();
    }

    void onBlock(@Observes(during = TransactionPhase.AFTER_SUCCESS) BlockAdded event) {
        size.addAndGet(-event.leftMempool());
        version.incrementAndGet();
    }
}
