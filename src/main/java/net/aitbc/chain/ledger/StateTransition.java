package net.aitbc.chain.ledger;

import java.util.Set;
import java.util.function.Predicate;
import net.aitbc.chain.protocol.AccountState;
import net.aitbc.chain.protocol.EscrowPayload;
import net.aitbc.chain.protocol.EscrowState;
import net.aitbc.chain.protocol.Genesis;
import net.aitbc.chain.protocol.RejectReason;
import net.aitbc.chain.protocol.SignedReceipt;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxRejectedException;
import net.aitbc.chain.protocol.WireFields;

/**
 * The state rules, shared by the block producer and by block import: what one transaction does to the accounts
 * and escrows, or why it may not be applied. The fee always goes to the block's proposer. Money only moves
 * between balances and open escrows, except for MINT, which creates it: so balances + open escrows = genesis
 * allocations + mints after every block.
 */
public final class StateTransition {

    private final Genesis genesis;
    private final Predicate<String> receiptRecorded;

    /** @param receiptRecorded whether a receipt id is already on chain (before this block) */
    public StateTransition(Genesis genesis, Predicate<String> receiptRecorded) {
        this.genesis = genesis;
        this.receiptRecorded = receiptRecorded;
    }

    /**
     * Applies {@code tx}, as part of the block at {@code height} proposed by {@code proposer}, to {@code book} or
     * throws without changing it.
     *
     * @param receiptsInBlock receipt ids recorded earlier in the same block (updated on success)
     * @return the receipt this transaction records, or null
     */
    public SignedReceipt apply(SignedTx tx, AccountBook book, String proposer, long height,
                               Set<String> receiptsInBlock) {
        AccountBook trial = book.fork();
        AccountState sender = trial.get(tx.sender());
        if (tx.nonce() != sender.nonce()) {
            throw new TxRejectedException(RejectReason.BAD_NONCE, "nonce " + tx.nonce() + " is not the sender's next ("
                    + sender.nonce() + ")", "nonce");
        }
        if (sender.balance() < tx.cost()) {
            throw new TxRejectedException(RejectReason.INSUFFICIENT_BALANCE, "balance " + sender.balance()
                    + " cannot cover " + (tx.cost() > tx.fee() ? "amount + fee = " : "the fee ") + tx.cost(),
                    tx.cost() > tx.fee() ? "payload.amount" : "fee");
        }
        // the sender pays what the transaction costs and uses up its nonce, whatever the type
        trial.put(new AccountState(tx.sender(), sender.balance() - tx.cost(), sender.nonce() + 1));
        SignedReceipt receipt = null;
        switch (tx.type()) {
            case TRANSFER -> credit(trial, tx.recipient(), tx.amount());
            case MINT -> {
                checkMintAllowed(tx);
                credit(trial, tx.recipient(), tx.amount());
            }
            case RECEIPT_CLAIM -> {
                receipt = SignedReceipt.parse(tx.payload().getJsonObject("receipt"));
                if (receiptsInBlock.contains(receipt.receiptId()) || receiptRecorded.test(receipt.receiptId())) {
                    throw new TxRejectedException(RejectReason.DUPLICATE_RECEIPT,
                            "receipt " + receipt.receiptId() + " is already recorded", "payload.receipt");
                }
            }
            case ESCROW_LOCK -> {
                EscrowPayload.Lock lock = EscrowPayload.readLock(tx.payload(), tx.sender());
                EscrowRules.checkLock(lock, height);
                trial.put(EscrowState.opened(tx, lock, height));
            }
            case ESCROW_SETTLE -> {
                EscrowPayload.Settle settle = EscrowPayload.readSettle(tx.payload());
                boolean recorded = settle.receiptId() != null && (receiptsInBlock.contains(settle.receiptId())
                        || receiptRecorded.test(settle.receiptId()));
                EscrowState escrow = EscrowRules.checkSettle(trial.escrow(settle.escrowId()), tx, settle, recorded);
                for (EscrowPayload.Payout p : settle.payouts()) {
                    credit(trial, p.recipient(), p.amount());
                }
                trial.put(escrow.settled(tx, settle, height));
            }
            case ESCROW_RECLAIM -> {
                String id = EscrowPayload.escrowId(tx.payload());
                EscrowState escrow = EscrowRules.checkReclaim(trial.escrow(id), tx, id, height);
                credit(trial, tx.sender(), escrow.amount());
                trial.put(escrow.reclaimed(tx, height));
            }
        }
        credit(trial, proposer, tx.fee());
        book.merge(trial);
        if (receipt != null) {
            receiptsInBlock.add(receipt.receiptId());
        }
        return receipt;
    }

    /**
     * Reverses {@link #apply} for a transaction of a stored block (used to step back to a fork point): the
     * block's transactions are undone last to first, so every escrow a transaction touched is in the state it
     * left it in.
     */
    public static void undo(SignedTx tx, AccountBook book, String proposer) {
        debit(book, proposer, tx.fee());
        switch (tx.type()) {
            case TRANSFER, MINT -> debit(book, tx.recipient(), tx.amount());
            case RECEIPT_CLAIM -> {
                // the receipt row goes with its block
            }
            case ESCROW_LOCK -> book.removeEscrow(tx.hash());
            case ESCROW_SETTLE -> {
                EscrowPayload.Settle settle = EscrowPayload.readSettle(tx.payload());
                for (EscrowPayload.Payout p : settle.payouts()) {
                    debit(book, p.recipient(), p.amount());
                }
                book.put(book.escrow(settle.escrowId()).orElseThrow().reopened());
            }
            case ESCROW_RECLAIM -> {
                EscrowState escrow = book.escrow(tx.closedEscrowId()).orElseThrow();
                debit(book, tx.sender(), escrow.amount());
                book.put(escrow.reopened());
            }
        }
        AccountState s = book.get(tx.sender());
        book.put(new AccountState(s.address(), s.balance() + tx.cost(), s.nonce() - 1));
    }

    /** MINT is the devnet faucet: only with the genesis faucet on, only from an authority. */
    public void checkMintAllowed(SignedTx tx) {
        if (!genesis.params().faucet()) {
            throw new TxRejectedException(RejectReason.NOT_AUTHORISED, "this chain has no faucet (genesis params.faucet)");
        }
        if (genesis.authority(tx.sender()).isEmpty()) {
            throw new TxRejectedException(RejectReason.NOT_AUTHORISED, "only an authority may mint", "sender");
        }
    }

    private static void credit(AccountBook book, String address, long amount) {
        if (amount == 0) {
            return;
        }
        AccountState a = book.get(address);
        if (a.balance() > WireFields.MAX_SAFE_INTEGER - amount) {
            throw new TxRejectedException(RejectReason.INVALID_FIELD,
                    "the recipient's balance would exceed 2^53 - 1", "payload.amount");
        }
        book.put(new AccountState(address, a.balance() + amount, a.nonce()));
    }

    private static void debit(AccountBook book, String address, long amount) {
        if (amount == 0) {
            return;
        }
        AccountState a = book.get(address);
        book.put(new AccountState(address, a.balance() - amount, a.nonce()));
    }
}
