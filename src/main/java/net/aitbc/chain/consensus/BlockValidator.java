package net.aitbc.chain.consensus;

import java.util.List;
import java.util.Set;
import net.aitbc.chain.crypto.Hashes;
import net.aitbc.chain.crypto.MerkleRoot;
import net.aitbc.chain.ledger.AccountBook;
import net.aitbc.chain.ledger.StateTransition;
import net.aitbc.chain.protocol.BlockHeader;
import net.aitbc.chain.protocol.Genesis;
import net.aitbc.chain.protocol.SignedReceipt;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.StateRoot;
import net.aitbc.chain.protocol.TxRejectedException;

/**
 * Everything a block must satisfy given its parent and the state before it (chain.md, "Import validates
 * everything"): height and parent link, header hash, proposer allowed for that height, its signature, every
 * transaction's chain, signature, nonce and balance, tx_root and state_root. Used by block import and by the
 * whole-chain verification alike.
 */
public final class BlockValidator {

    /** How far ahead of the local clock a block's timestamp may be. */
    public static final long MAX_CLOCK_AHEAD_MILLIS = 30_000;

    private BlockValidator() {
    }

    /**
     * The first thing wrong with the block, or null; on null {@code book} holds the state after it and
     * {@code receipts} the receipts it records.
     *
     * @param now the local clock, or a negative value to skip the clock check (replaying history)
     */
    public static String check(BlockHeader h, BlockHeader parent, List<SignedTx> txs, Genesis genesis,
                               StateTransition rules, AccountBook book, Set<String> receiptIds,
                               List<SignedReceipt> receipts, long now) {
        return check(h, parent, txs, genesis, rules, book, receiptIds, receipts, now, CheckedSignatures.NONE);
    }

    /** As above; the signatures in {@code checked} were already found valid, so they are not checked again. */
    public static String check(BlockHeader h, BlockHeader parent, List<SignedTx> txs, Genesis genesis,
                               StateTransition rules, AccountBook book, Set<String> receiptIds,
                               List<SignedReceipt> receipts, long now, CheckedSignatures checked) {
        if (!h.chainId().equals(genesis.chainId())) {
            return "chain_id " + h.chainId() + " is not this chain";
        }
        if (h.height() != parent.height() + 1) {
            return "height " + h.height() + " does not follow " + parent.height();
        }
        if (!h.parentHash().equals(parent.hash())) {
            return "parent_hash does not link to block " + parent.height();
        }
        if (!h.recomputeHash().equals(h.hash())) {
            return "hash does not match the header fields";
        }
        if (h.timestamp() < parent.timestamp()) {
            return "timestamp is before the parent's";
        }
        if (now >= 0 && h.timestamp() > now + MAX_CLOCK_AHEAD_MILLIS) {
            return "timestamp is more than 30 s ahead of this node's clock";
        }
        String proposerProblem = ProposerSchedule.refusal(genesis, h.proposer(), h.height(), parent.timestamp(),
                h.timestamp());
        if (proposerProblem != null) {
            return proposerProblem;
        }
        if (!checked.covers(h) && !proposerSigned(h, genesis)) {
            return "proposer signature does not verify";
        }
        if (h.txCount() != txs.size()) {
            return "tx_count " + h.txCount() + " but " + txs.size() + " transactions";
        }
        if (txs.isEmpty()) {
            return "a block without transactions is never produced";
        }
        if (txs.size() > genesis.params().maxTxsPerBlock()) {
            return "holds " + txs.size() + " transactions; the chain's limit is " + genesis.params().maxTxsPerBlock();
        }
        long bytes = txs.stream().mapToLong(SignedTx::size).sum();
        if (bytes > genesis.params().maxBlockSizeBytes()) {
            return "holds " + bytes + " bytes of transactions; the chain's limit is "
                    + genesis.params().maxBlockSizeBytes();
        }
        if (!MerkleRoot.of(txs.stream().map(SignedTx::hash).toList()).equals(h.txRoot())) {
            return "tx_root does not match the transactions";
        }
        AccountBook trial = book.fork();
        for (SignedTx tx : txs) {
            try {
                if (!tx.chainId().equals(genesis.chainId())) {
                    return "transaction " + tx.hash() + " is for another chain";
                }
                if (!checked.covers(tx)) {
                    tx.checkSignature();
                }
                SignedReceipt r = rules.apply(tx, trial, h.proposer(), h.height(), receiptIds);
                if (r != null) {
                    receipts.add(r);
                }
            } catch (TxRejectedException e) {
                return "transaction " + tx.hash() + ": " + e.code() + ": " + e.getMessage();
            }
        }
        if (!StateRoot.next(parent.stateRoot(), trial.changed().values(), trial.presentEscrows())
                .equals(h.stateRoot())) {
            return "state_root does not match the state after its transactions";
        }
        book.merge(trial);
        return null;
    }

    /** Whether the header carries a valid signature of its proposer, an authority of the genesis. */
    public static boolean proposerSigned(BlockHeader h, Genesis genesis) {
        return genesis.authority(h.proposer()).map(a -> h.signature() != null
                && Hashes.parseHex(h.signature(), 64) != null
                && h.signatureValidFor(Hashes.parseHex(a.publicKey(), 32))).orElse(false);
    }
}
