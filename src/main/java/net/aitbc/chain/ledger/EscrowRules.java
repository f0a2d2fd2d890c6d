package net.aitbc.chain.ledger;

import java.util.Optional;
import net.aitbc.chain.protocol.EscrowPayload;
import net.aitbc.chain.protocol.EscrowState;
import net.aitbc.chain.protocol.RejectReason;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxRejectedException;

/**
 * The escrow rules of chain.md that depend on state, in one place for admission (against the head, for the next
 * block's height), the block producer and block import (against the block being built or checked). Each refusal
 * names the field at fault; nothing here changes anything.
 */
public final class EscrowRules {

    private EscrowRules() {
    }

    /** A lock must expire after the block that includes it, or the payer could reclaim it at once. */
    public static void checkLock(EscrowPayload.Lock lock, long height) {
        if (lock.expiresAtHeight() <= height) {
            throw new TxRejectedException(RejectReason.INVALID_FIELD, "payload.expires_at_height "
                    + lock.expiresAtHeight() + " must be above the height of the block that includes the lock ("
                    + height + ")", "payload.expires_at_height");
        }
    }

    /**
     * The escrow a settle may close: open, its arbiter the sender, the payouts exactly its amount, the receipt (if
     * named) already recorded.
     */
    public static EscrowState checkSettle(Optional<EscrowState> found, SignedTx tx, EscrowPayload.Settle settle,
                                          boolean receiptRecorded) {
        EscrowState escrow = open(found, settle.escrowId());
        if (!escrow.arbiter().equals(tx.sender())) {
            throw new TxRejectedException(RejectReason.NOT_ARBITER, "only the escrow's arbiter " + escrow.arbiter()
                    + " may settle it", "sender");
        }
        if (settle.total() != escrow.amount()) {
            throw new TxRejectedException(RejectReason.PAYOUTS_MISMATCH, "the payouts add up to " + settle.total()
                    + " but the escrow holds " + escrow.amount() + " (a refund is a payout to the payer)",
                    "payload.payouts");
        }
        if (settle.receiptId() != null && !receiptRecorded) {
            throw new TxRejectedException(RejectReason.UNKNOWN_RECEIPT, "receipt " + settle.receiptId()
                    + " is not recorded on chain (record it with a RECEIPT_CLAIM first)", "payload.receipt_id");
        }
        return escrow;
    }

    /** The escrow a reclaim may close: open, its payer the sender, expired at {@code height}. */
    public static EscrowState checkReclaim(Optional<EscrowState> found, SignedTx tx, String escrowId, long height) {
        EscrowState escrow = open(found, escrowId);
        if (!escrow.payer().equals(tx.sender())) {
            throw new TxRejectedException(RejectReason.NOT_PAYER, "only the escrow's payer " + escrow.payer()
                    + " may reclaim it", "sender");
        }
        if (height < escrow.expiresAtHeight()) {
            throw new TxRejectedException(RejectReason.ESCROW_NOT_EXPIRED, "escrow " + escrowId + " expires at height "
                    + escrow.expiresAtHeight() + "; a reclaim is possible from then on (this block: " + height + ")",
                    "payload.escrow_id");
        }
        return escrow;
    }

    private static EscrowState open(Optional<EscrowState> found, String escrowId) {
        EscrowState escrow = found.orElseThrow(() -> new TxRejectedException(RejectReason.UNKNOWN_ESCROW,
                "no escrow " + escrowId + " on chain", "payload.escrow_id"));
        if (!escrow.isOpen()) {
            throw new TxRejectedException(RejectReason.ESCROW_CLOSED, "escrow " + escrowId + " is already "
                    + escrow.status().name().toLowerCase(java.util.Locale.ROOT) + " (by " + escrow.closeTx() + ")",
                    "payload.escrow_id");
        }
        return escrow;
    }
}
