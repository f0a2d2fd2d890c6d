package net.aitbc.chain.consensus;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Logger;
import net.aitbc.chain.config.ChainConfig;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.crypto.MerkleRoot;
import net.aitbc.chain.ledger.AccountBook;
import net.aitbc.chain.ledger.Block;
import net.aitbc.chain.ledger.BlockAdded;
import net.aitbc.chain.ledger.Ledger;
import net.aitbc.chain.ledger.StateTransition;
import net.aitbc.chain.mempool.Mempool;
import net.aitbc.chain.mempool.PendingTx;
import net.aitbc.chain.protocol.BlockHeader;
import net.aitbc.chain.protocol.EscrowState;
import net.aitbc.chain.protocol.SignedReceipt;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.StateRoot;
import net.aitbc.chain.protocol.TxRejectedException;
import net.aitbc.platform.logging.AuditLog;

/**
 * Makes a block from the mempool when there is something to include: highest fee first, then arrival, a
 * sender's own transactions always in nonce order, within the block limits. Each transaction is re-checked
 * against the state; one that became invalid is dropped with a logged reason. Block, transactions, balances,
 * nonces, receipts and mempool removals commit in one database transaction.
 */
@ApplicationScoped
public class BlockProducer {

    private static final Logger LOG = Logger.getLogger(BlockProducer.class.getName());

    @Inject
    Ledger ledger;
    @Inject
    Mempool mempool;
    @Inject
    ChainConfig config;
    @Inject
    Event<BlockAdded> blockAdded;
    @Inject
    AuditLog audit;

    /** Produces one block signed with {@code key}, or nothing when no pending transaction can be included. */
    @Transactional
    public Optional<BlockHeader> produce(Ed25519.KeyPair key) {
        long t0 = System.nanoTime();
        // a block's worth and as much again of each sender's next transactions, then highest fee first, then arrival
        List<PendingTx> candidates = new ArrayList<>(mempool.candidates(config.maxTxsPerBlock() * 2));
        candidates.sort(java.util.Comparator.comparingLong(PendingTx::fee).reversed()
                .thenComparingLong(PendingTx::seq));
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        Block head = ledger.head().orElseThrow(() -> new IllegalStateException("no genesis"));
        String chainId = config.chainId();
        String proposer = key.address();
        StateTransition rules = new StateTransition(config.genesis(), ledger::isReceiptRecorded);
        // every account the candidates can touch, read in one query rather than one per transaction
        java.util.Set<String> touched = new HashSet<>();
        touched.add(proposer);
        for (PendingTx c : candidates) {
            touched.add(c.sender());
            if (c.recipient() != null) {
                touched.add(c.recipient());
            }
        }
        Map<String, net.aitbc.chain.protocol.AccountState> known = ledger.accounts(touched);
        Map<String, Optional<EscrowState>> escrows = new HashMap<>();
        AccountBook book = new AccountBook(a -> known.computeIfAbsent(a, ledger::account),
                id -> escrows.computeIfAbsent(id, ledger::escrow));
        long height = head.height() + 1;
        Set<String> receiptIds = new HashSet<>();

        long t1 = System.nanoTime();
        List<SignedTx> included = new ArrayList<>();
        List<Long> receivedAt = new ArrayList<>();
        List<SignedReceipt> receipts = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        Map<String, TreeMap<Long, PendingTx>> waiting = new HashMap<>();
        Map<String, Long> gaps = new HashMap<>();
        int bytes = 0;
        // the block closes when full by count or bytes, or when applying has used its time budget: a block must
        // be committed well within the block time, however many transactions wait
        long budgetEnds = t1 + config.maxBlockBuildMillis() * 1_000_000L;
        for (PendingTx candidate : candidates) {
            if (included.size() >= config.maxTxsPerBlock() || System.nanoTime() > budgetEnds) {
                break;
            }
            long next = book.get(candidate.sender()).nonce();
            if (candidate.nonce() > next) {
                // a higher-fee later nonce waits for its sender's earlier ones
                waiting.computeIfAbsent(candidate.sender(), s -> new TreeMap<>()).put(candidate.nonce(), candidate);
                continue;
            }
            PendingTx tx = candidate;
            while (tx != null && included.size() < config.maxTxsPerBlock()) {
                if (bytes + tx.size() > config.maxBlockSizeBytes()) {
                    break;
                }
                SignedTx signed = tx.signed(chainId);
                try {
                    SignedReceipt receipt = rules.apply(signed, book, proposer, height, receiptIds);
                    included.add(signed);
                    receivedAt.add(tx.receivedAt());
                    bytes += tx.size();
                    if (receipt != null) {
                        receipts.add(receipt);
                    }
                } catch (TxRejectedException e) {
                    dropped.add(tx.txHash());
                    LOG.warning("Dropped pending " + tx.txHash() + ": " + e.code() + ": " + e.getMessage());
                    if (tx.nonce() == book.get(tx.sender()).nonce()) {
                        gaps.put(tx.sender(), tx.nonce());
                    }
                    break;
                }
                TreeMap<Long, PendingTx> queue = waiting.get(tx.sender());
                tx = queue == null ? null : queue.remove(book.get(tx.sender()).nonce());
            }
        }
        dropped.addAll(behindGaps(gaps));
        if (included.isEmpty()) {
            if (!dropped.isEmpty()) {
                blockAdded.fire(new BlockAdded(null, List.of(), mempool.remove(dropped), "dropped"));
            }
            return Optional.empty();
        }
        long t2 = System.nanoTime();
        List<String> hashes = included.stream().map(SignedTx::hash).toList();
        long timestamp = Math.max(System.currentTimeMillis(), head.blockTime());
        BlockHeader header = BlockHeader.seal(chainId, height, head.hash(), timestamp, included.size(),
                MerkleRoot.of(hashes), StateRoot.next(head.stateRoot(), book.changed().values(),
                        book.presentEscrows()), key);
        long sealed = System.nanoTime();
        ledger.append(header, included, receivedAt, book.changed().values(), book.presentEscrows(), receipts);
        long written = System.nanoTime();
        List<String> removed = new ArrayList<>(hashes);
        removed.addAll(dropped);
        int left = mempool.remove(removed);
        long t3 = System.nanoTime();
        blockAdded.fire(new BlockAdded(header, hashes, left, "produced"));
        LOG.info(() -> String.format("Block %d: %d candidates read in %.1f ms, %d applied in %.1f ms, staged in %.1f ms "
                + "(sealed %.1f, written %.1f, mempool %.1f)", header.height(), candidates.size(), (t1 - t0) / 1e6,
                included.size(), (t2 - t1) / 1e6, (t3 - t2) / 1e6, (sealed - t2) / 1e6, (written - sealed) / 1e6,
                (t3 - written) / 1e6));
        audit.record("block_produced", Map.of("height", header.height(), "hash", header.hash(),
                "tx_count", included.size(), "dropped", dropped.size()));
        return Optional.of(header);
    }

    /**
     * A dropped transaction that held its sender's next nonce leaves a gap no later transaction of that sender can
     * cross: those are dropped too (logged), so they do not wait for ever and the sender's next nonce (applied +
     * pending) is the dropped one's again, free for the sender to send anew.
     */
    private List<String> behindGaps(Map<String, Long> gaps) {
        List<String> behind = new ArrayList<>();
        gaps.forEach((sender, nonce) -> {
            List<String> later = mempool.laterThan(sender, nonce);
            if (!later.isEmpty()) {
                LOG.warning("Dropped " + later.size() + " pending transactions of " + sender + " after nonce " + nonce
                        + ": they cannot be included once that one was dropped");
                behind.addAll(later);
            }
        });
        return behind;
    }
}
