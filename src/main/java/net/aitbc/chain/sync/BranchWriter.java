package net.aitbc.chain.sync;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.aitbc.chain.config.ChainConfig;
import net.aitbc.chain.consensus.BlockValidator;
import net.aitbc.chain.consensus.CheckedSignatures;
import net.aitbc.chain.ledger.AccountBook;
import net.aitbc.chain.ledger.Block;
import net.aitbc.chain.ledger.BlockAdded;
import net.aitbc.chain.ledger.ChainTx;
import net.aitbc.chain.ledger.Ledger;
import net.aitbc.chain.ledger.StateTransition;
import net.aitbc.chain.mempool.Mempool;
import net.aitbc.chain.protocol.BlockHeader;
import net.aitbc.chain.protocol.Genesis;
import net.aitbc.chain.protocol.SignedReceipt;
import net.aitbc.chain.protocol.SignedTx;

/**
 * Validates a branch of consecutive blocks against this chain and, only if all of it is valid, writes it in one
 * database transaction: extending the head, or replacing at most max_reorg_depth of our newest blocks with a
 * longer branch (our blocks are undone back to the fork point first). Nothing is written on any refusal.
 */
@ApplicationScoped
public class BranchWriter {

    @Inject
    Ledger ledger;
    @Inject
    Mempool mempool;
    @Inject
    ChainConfig config;
    @Inject
    Event<BlockAdded> blockAdded;

    /** {@code checked}: the branch's signatures already found valid (the rest are checked here, in order). */
    @Transactional
    public ImportResult write(List<IncomingBlock> branch, CheckedSignatures checked) {
        String chainId = config.chainId();
        Genesis genesis = config.genesis();
        int first = 0;
        while (first < branch.size()) {
            BlockHeader h = branch.get(first).header();
            Block stored = ledger.blockByHash(h.hash()).orElse(null);
            if (stored == null) {
                break;
            }
            String altered = alteredCopy(stored, branch.get(first));
            if (altered != null) {
                return ImportResult.refused(ImportResult.Refusal.ALTERED_COPY, h.height(), h.hash(), altered);
            }
            first++;
        }
        if (first == branch.size()) {
            BlockHeader last = branch.get(branch.size() - 1).header();
            return ImportResult.accepted(last.height(), last.hash(), "known", 0, List.of());
        }
        List<IncomingBlock> fresh = branch.subList(first, branch.size());
        BlockHeader start = fresh.get(0).header();
        Block parent = ledger.blockByHash(start.parentHash()).orElse(null);
        if (parent == null) {
            return ImportResult.refused(ImportResult.Refusal.UNKNOWN_PARENT, start.height(), start.hash(), "unknown parent " + start.parentHash()
                    + ": import the blocks before it first");
        }
        Block head = ledger.head().orElseThrow();
        int depth = (int) (head.height() - parent.height());
        long tip = parent.height() + fresh.size();
        if (depth > 0 && tip <= head.height()) {
            return ImportResult.refused(ImportResult.Refusal.NOT_LONGER, start.height(), start.hash(), "fork at height " + parent.height()
                    + " is not longer than this chain (" + tip + " <= " + head.height() + ")");
        }
        if (depth > config.maxReorgDepth()) {
            return ImportResult.refused(ImportResult.Refusal.TOO_DEEP, start.height(), start.hash(), "reorganisation of " + depth
                    + " blocks is deeper than max_reorg_depth " + config.maxReorgDepth());
        }

        AccountBook book = new AccountBook(ledger::account, ledger::escrow);
        Set<String> removedReceipts = new HashSet<>();
        List<SignedTx> replaced = new ArrayList<>();
        for (long h = head.height(); h > parent.height(); h--) {
            Block ours = ledger.block(h).orElseThrow();
            List<SignedTx> txs = ledger.transactionsIn(h).stream().map(t -> t.signed(chainId)).toList();
            for (int i = txs.size() - 1; i >= 0; i--) {
                StateTransition.undo(txs.get(i), book, ours.header(chainId).proposer());
            }
            replaced.addAll(0, txs);
        }
        if (depth > 0) {
            removedReceipts.addAll(ledger.receiptIdsAbove(parent.height()));
        }
        StateTransition rules = new StateTransition(genesis,
                id -> !removedReceipts.contains(id) && ledger.isReceiptRecorded(id));
        Set<String> receiptIds = new HashSet<>();
        BlockHeader prev = parent.header(chainId);
        List<List<SignedReceipt>> receipts = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (IncomingBlock block : fresh) {
            List<SignedReceipt> blockReceipts = new ArrayList<>();
            String problem = BlockValidator.check(block.header(), prev, block.txs(), genesis, rules, book, receiptIds,
                    blockReceipts, now, checked);
            if (problem != null) {
                return ImportResult.refused(ImportResult.Refusal.INVALID_BLOCK, block.header().height(), block.header().hash(),
                        problem);
            }
            receipts.add(blockReceipts);
            prev = block.header();
        }

        if (depth > 0) {
            ledger.truncateAbove(parent.height());
        }
        List<String> included = new ArrayList<>();
        ledger.appendAll(fresh.stream().map(IncomingBlock::header).toList(),
                fresh.stream().map(IncomingBlock::txs).toList(), now, receipts);
        fresh.forEach(block -> block.txs().forEach(t -> included.add(t.hash())));
        ledger.putAccounts(book.changed().values(), now);
        ledger.putEscrows(book.presentEscrows(), book.removedEscrows());
        int left = mempool.remove(included);
        for (int i = 0; i < fresh.size(); i++) {
            IncomingBlock block = fresh.get(i);
            // the whole branch's mempool removals are reported once, with its last block
            blockAdded.fire(new BlockAdded(block.header(), block.txs().stream().map(SignedTx::hash).toList(),
                    i == fresh.size() - 1 ? left : 0, "imported"));
        }
        Set<String> kept = new HashSet<>(included);
        List<SignedTx> dropped = replaced.stream().filter(t -> !kept.contains(t.hash())).toList();
        return ImportResult.accepted(tip, prev.hash(), depth > 0 ? "reorganised" : "imported", depth, dropped);
    }

    /** Null when the incoming block is exactly the stored one; else what differs. */
    private String alteredCopy(Block stored, IncomingBlock incoming) {
        BlockHeader ours = stored.header(config.chainId());
        BlockHeader theirs = incoming.header();
        if (!ours.equals(new BlockHeader(theirs.chainId(), theirs.height(), theirs.parentHash(), theirs.proposer(),
                theirs.timestamp(), theirs.txCount(), theirs.txRoot(), theirs.stateRoot(), theirs.hash(),
                theirs.signature()))) {
            return "differs from the stored block " + ours.height() + " with the same hash"
                    + (java.util.Objects.equals(ours.signature(), theirs.signature()) ? "" : " (signature altered)");
        }
        List<String> storedTxs = ledger.transactionsIn(ours.height()).stream().map(ChainTx::txHash).toList();
        List<String> incomingTxs = incoming.txs().stream().map(SignedTx::hash).toList();
        if (!storedTxs.equals(incomingTxs)) {
            return "transactions differ from the stored block " + ours.height() + " with the same hash";
        }
        for (SignedTx tx : incoming.txs()) {
            try {
                tx.checkSignature();
            } catch (RuntimeException e) {
                return "transaction " + tx.hash() + ": " + e.getMessage();
            }
        }
        return null;
    }
}
