package net.aitbc.chain.ledger;

import net.aitbc.chain.protocol.AccountState;
import net.aitbc.chain.protocol.Genesis;
import net.aitbc.chain.protocol.RejectReason;
import net.aitbc.chain.protocol.SignedReceipt;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxRejectedException;
import net.aitbc.chain.protocol.TxType;
import net.aitbc.chain.protocol.WireFields;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The state rules, shared by the block producer and by block import: what one transaction does to the
 * accounts, or why it may not be applied. The fee always goes to the block's proposer.
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
     * Applies {@code tx} to {@code book} or throws without changing it.
     *
     * @param receiptsInBlock receipt ids recorded earlier in the same block (updated on success)
     * @return the receipt this transaction records, or null
     */
    public SignedReceipt apply(SignedTx tx, AccountBook book, String proposer, Set<String> receiptsInBlock) {
        AccountBook trial = book.fork();
        AccountState sender = trial.get(tx.sender());
        if (tx.nonce() != sender.nonce()) {
            throw new TxRejectedException(RejectReason.BAD_NONCE, "nonce " + tx.nonce() + " is not the sender's next ("
                    + sender.nonce() + ")", "nonce");
        }
        if (sender.balance() < tx.cost()) {
            throw new TxRejectedException(RejectReason.INSUFFICIENT_BALANCE, "balance " + sender.balance()
                    + " cannot cover amount + fee = " + tx.cost(), "payload.amount");
        }
        SignedReceipt receipt = null;
        switch (tx.type()) {
            case TRANSFER -> {
                trial.put(new AccountState(tx.sender(), sender.balance() - tx.cost(), sender.nonce() + 1));
                credit(trial, tx.recipient(), tx.amount());
            }
            case MINT -> {
                checkMintAllowed(tx);
                trial.put(new AccountState(tx.sender(), sender.balance() - tx.fee(), sender.nonce() + 1));
                credit(trial, tx.recipient(), tx.amount());
            }
            case RECEIPT_CLAIM -> {
                receipt = SignedReceipt.parse(tx.payload().getJsonObject("receipt"));
                if (receiptsInBlock.contains(receipt.receiptId()) || receiptRecorded.test(receipt.receiptId())) {
                    throw new TxRejectedException(RejectReason.DUPLICATE_RECEIPT,
                            "receipt " + receipt.receiptId() + " is already recorded", "payload.receipt");
                }
                trial.put(new AccountState(tx.sender(), sender.balance() - tx.fee(), sender.nonce() + 1));
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
     * block's transactions are undone last to first.
     */
    public static void undo(SignedTx tx, AccountBook book, String proposer) {
        if (tx.fee() > 0) {
            AccountState p = book.get(proposer);
            book.put(new AccountState(proposer, p.balance() - tx.fee(), p.nonce()));
        }
        if (tx.type() != TxType.RECEIPT_CLAIM) {
            AccountState r = book.get(tx.recipient());
            book.put(new AccountState(r.address(), r.balance() - tx.amount(), r.nonce()));
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
}
