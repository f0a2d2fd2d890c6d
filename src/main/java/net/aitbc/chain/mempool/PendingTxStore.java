package net.aitbc.chain.mempool;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import net.aitbc.chain.protocol.RejectReason;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxRejectedException;
import net.aitbc.chain.protocol.TxType;

/**
 * The database side of admission, one transaction per admitted transaction. The sender's balance, nonce and
 * pending transactions are read in one statement, so they come from one snapshot even while a block commits:
 * either all before that block or all after it. The unique (sender, nonce) index backs the per-sender
 * serialisation in {@link Mempool}.
 */
@ApplicationScoped
public class PendingTxStore {

    /** balance, nonce, pending count, pending cost of one sender, and whether the hash is known: one snapshot */
    private static final String SNAPSHOT = "SELECT "
            + "COALESCE((SELECT balance FROM chain_account WHERE address = ?1), 0), "
            + "COALESCE((SELECT nonce FROM chain_account WHERE address = ?1), 0), "
            + "(SELECT COUNT(*) FROM chain_mempool WHERE sender = ?1), "
            + "(SELECT COALESCE(SUM(amount + fee), 0) FROM chain_mempool WHERE sender = ?1), "
            + "(SELECT COUNT(*) FROM chain_mempool WHERE tx_hash = ?2) "
            + "+ (SELECT COUNT(*) FROM chain_tx WHERE tx_hash = ?2)";

    @PersistenceContext(unitName = "aitbc")
    EntityManager em;

    @Inject
    Event<TxAccepted> accepted;

    @Transactional
    public String admit(SignedTx tx) {
        Object[] row = (Object[]) em.createNativeQuery(SNAPSHOT).setParameter(1, tx.sender())
                .setParameter(2, tx.hash()).getSingleResult();
        long balance = ((Number) row[0]).longValue();
        long nonce = ((Number) row[1]).longValue();
        long pendingCount = ((Number) row[2]).longValue();
        long pendingCost = ((Number) row[3]).longValue();
        if (((Number) row[4]).longValue() > 0) {
            throw new TxRejectedException(RejectReason.DUPLICATE, "transaction " + tx.hash() + " is already known");
        }
        long expected = nonce + pendingCount;
        if (tx.nonce() != expected) {
            throw new TxRejectedException(RejectReason.BAD_NONCE, "nonce " + tx.nonce()
                    + " is not the sender's next nonce (" + expected + ")", "nonce");
        }
        if (balance - pendingCost < tx.cost()) {
            throw new TxRejectedException(RejectReason.INSUFFICIENT_BALANCE, "balance " + balance
                    + (pendingCost > 0 ? " less pending " + pendingCost : "") + " cannot cover amount + fee = "
                    + tx.cost(), tx.type() == TxType.TRANSFER ? "payload.amount" : "fee");
        }
        long now = System.currentTimeMillis();
        try {
            em.persist(PendingTx.of(tx, now));
            em.flush();
        } catch (PersistenceException e) {
            // only another server process on the same database could get here first
            throw new TxRejectedException(RejectReason.BAD_NONCE, "nonce " + tx.nonce()
                    + " was just taken by another pending transaction of this sender", "nonce");
        }
        accepted.fire(new TxAccepted(tx, now));
        return tx.hash();
    }
}
