package net.aitbc.chain.mempool;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import net.aitbc.chain.protocol.SignedTx;

/**
 * The database side of admission. The sender's balance, nonce and pending transactions are read in one
 * statement, so they come from one snapshot even while a block commits: either all before that block or all
 * after it (a block moves a sender's nonce and pending count, balance and pending cost by the same amounts, so
 * the checks {@link Mempool} makes on it still hold at the insert). The unique (sender, nonce) index backs the
 * per-sender serialisation in {@link Mempool}.
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

    /** What admission checks a sender's transaction against, read in one statement (one snapshot). */
    public record SenderSnapshot(long balance, long nonce, long pendingCount, long pendingCost, boolean known) {

        /** The nonce the sender's next transaction must carry. */
        public long nextNonce() {
            return nonce + pendingCount;
        }

        /** What the sender can still spend with its pending transactions paid. */
        public long spendable() {
            return balance - pendingCost;
        }
    }

    /**
     * Reads the sender's snapshot outside any transaction: a refusal decided on it is thrown by the caller, not
     * through a transactional boundary (where every refusal would be logged as an incident).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public SenderSnapshot snapshot(String sender, String txHash) {
        Object[] row = (Object[]) em.createNativeQuery(SNAPSHOT).setParameter(1, sender)
                .setParameter(2, txHash).getSingleResult();
        return new SenderSnapshot(((Number) row[0]).longValue(), ((Number) row[1]).longValue(),
                ((Number) row[2]).longValue(), ((Number) row[3]).longValue(), ((Number) row[4]).longValue() > 0);
    }

    /**
     * Stores a checked transaction; it is acknowledged once this commits. Only another server process on the same
     * database taking the same (sender, nonce) first makes this fail (the unique index).
     */
    @Transactional
    public void insert(SignedTx tx) {
        long now = System.currentTimeMillis();
        em.persist(PendingTx.of(tx, now));
        em.flush();
        accepted.fire(new TxAccepted(tx, now));
    }
}
