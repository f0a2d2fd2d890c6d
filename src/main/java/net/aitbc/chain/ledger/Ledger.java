package net.aitbc.chain.ledger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import net.aitbc.chain.protocol.AccountState;
import net.aitbc.chain.protocol.BlockHeader;
import net.aitbc.chain.protocol.EscrowState;
import net.aitbc.chain.protocol.Genesis;
import net.aitbc.chain.protocol.SignedReceipt;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxType;

/**
 * The node's ledger in the database: what other parts read (head, blocks, transactions, accounts, receipts)
 * and the one write that matters, {@link #append}: a block with its transactions, account changes and receipts.
 */
@ApplicationScoped
public class Ledger {

    @PersistenceContext(unitName = "aitbc")
    EntityManager em;

    @jakarta.inject.Inject
    LedgerRows rows;

    public Optional<Block> head() {
        return em.createNamedQuery("Block.newest", Block.class).setMaxResults(1).getResultStream().findFirst();
    }

    public Optional<Block> block(long height) {
        return Optional.ofNullable(em.find(Block.class, height));
    }

    public Optional<Block> blockByHash(String hash) {
        return em.createNamedQuery("Block.byHash", Block.class).setParameter("hash", hash).getResultStream().findFirst();
    }

    public List<Block> newestBlocks(int limit, int offset) {
        return em.createNamedQuery("Block.newest", Block.class).setFirstResult(offset).setMaxResults(limit)
                .getResultList();
    }

    public List<Block> blocks(long start, long end) {
        return em.createNamedQuery("Block.range", Block.class).setParameter("start", start).setParameter("end", end)
                .getResultList();
    }

    public long blockCount() {
        return em.createNamedQuery("Block.count", Long.class).getSingleResult();
    }

    public List<ChainTx> transactionsIn(long height) {
        return em.createNamedQuery("ChainTx.inBlock", ChainTx.class).setParameter("height", height).getResultList();
    }

    public List<ChainTx> transactionsIn(long start, long end) {
        return em.createNamedQuery("ChainTx.inBlocks", ChainTx.class).setParameter("start", start)
                .setParameter("end", end).getResultList();
    }

    public Optional<ChainTx> transaction(String hash) {
        return Optional.ofNullable(em.find(ChainTx.class, hash));
    }

    public boolean isIncluded(String hash) {
        return em.createNamedQuery("ChainTx.exists", Long.class).setParameter("hash", hash).getSingleResult() > 0;
    }

    public List<ChainTx> newestTransactions(int limit, int offset) {
        return em.createNamedQuery("ChainTx.newest", ChainTx.class).setFirstResult(offset).setMaxResults(limit)
                .getResultList();
    }

    public long transactionCount() {
        return em.createNamedQuery("ChainTx.count", Long.class).getSingleResult();
    }

    public List<ChainTx> transactionsOf(String address, int limit, int offset) {
        return em.createNamedQuery("ChainTx.ofAddress", ChainTx.class).setParameter("address", address)
                .setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    public long transactionCountOf(String address) {
        return em.createNamedQuery("ChainTx.countOfAddress", Long.class).setParameter("address", address)
                .getSingleResult();
    }

    /** Every well-formed address has an account; one never seen has zero balance and nonce. */
    public AccountState account(String address) {
        Account a = em.find(Account.class, address);
        return a == null ? new AccountState(address, 0, 0) : a.state();
    }

    /** Stored accounts of these addresses in one query (absent ones have zero balance and nonce). */
    public java.util.Map<String, AccountState> accounts(java.util.Collection<String> addresses) {
        java.util.Map<String, AccountState> found = new java.util.HashMap<>();
        for (List<String> chunk : chunks(addresses)) {
            // read-only: a block's thousands of accounts are not registered in the unit of work, whose commit
            // would otherwise compare every field of each (no weaving) although only copies leave this method
            em.createNamedQuery("Account.in", Account.class).setParameter("addresses", chunk)
                    .setHint("eclipselink.read-only", true).getResultList()
                    .forEach(a -> found.put(a.address(), a.state()));
        }
        return found;
    }

    private static List<List<String>> chunks(java.util.Collection<String> values) {
        List<String> all = List.copyOf(values);
        List<List<String>> out = new java.util.ArrayList<>();
        for (int i = 0; i < all.size(); i += 1000) {
            out.add(all.subList(i, Math.min(all.size(), i + 1000)));
        }
        return out;
    }

    public Optional<Account> storedAccount(String address) {
        return Optional.ofNullable(em.find(Account.class, address));
    }

    public List<Account> accounts(long minBalance, int limit, int offset) {
        return em.createNamedQuery("Account.list", Account.class).setParameter("minBalance", minBalance)
                .setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    public long accountCount(long minBalance) {
        return em.createNamedQuery("Account.count", Long.class).setParameter("minBalance", minBalance)
                .getSingleResult();
    }

    public long totalBalance() {
        Long sum = em.createNamedQuery("Account.supply", Long.class).getSingleResult();
        return sum == null ? 0 : sum;
    }

    public Optional<Receipt> receipt(String id) {
        return Optional.ofNullable(em.find(Receipt.class, id));
    }

    public boolean isReceiptRecorded(String id) {
        return em.find(Receipt.class, id) != null;
    }

    public List<Receipt> newestReceipts(int limit, int offset) {
        return em.createNamedQuery("Receipt.newest", Receipt.class).setFirstResult(offset).setMaxResults(limit)
                .getResultList();
    }

    /** Receipts recorded by blocks above a height (those a reorganisation would remove). */
    public List<String> receiptIdsAbove(long height) {
        return em.createNamedQuery("Receipt.idsAbove", String.class).setParameter("height", height).getResultList();
    }

    /** How many receipts of {@code signer} each provider has on chain, by status: provider → status → count. */
    @SuppressWarnings("unchecked")
    public java.util.Map<String, java.util.Map<String, Long>> receiptOutcomes(String signer, String provider) {
        var q = em.createNativeQuery("SELECT miner, status, COUNT(*) FROM chain_receipt WHERE signer = ?"
                + (provider == null ? "" : " AND miner = ?") + " GROUP BY miner, status");
        q.setParameter(1, signer);
        if (provider != null) {
            q.setParameter(2, provider);
        }
        java.util.Map<String, java.util.Map<String, Long>> out = new java.util.TreeMap<>();
        for (Object[] row : (List<Object[]>) q.getResultList()) {
            if (row[0] != null && row[1] != null) {
                out.computeIfAbsent((String) row[0], k -> new java.util.TreeMap<>())
                        .put((String) row[1], ((Number) row[2]).longValue());
            }
        }
        return out;
    }

    public long receiptCount() {
        return em.createNamedQuery("Receipt.count", Long.class).getSingleResult();
    }

    public Optional<EscrowState> escrow(String id) {
        return Optional.ofNullable(em.find(Escrow.class, id)).map(Escrow::state);
    }

    /** The escrows of these ids that the chain holds (an id it holds none for is simply absent). */
    public List<EscrowState> escrowsById(Collection<String> ids) {
        List<EscrowState> found = new java.util.ArrayList<>(ids.size());
        for (List<String> chunk : chunks(ids)) {
            em.createNamedQuery("Escrow.byIds", Escrow.class).setParameter("ids", chunk)
                    .setHint("eclipselink.read-only", true).getResultList().forEach(e -> found.add(e.state()));
        }
        return found;
    }

    /** Escrows by any of payer, arbiter, status, receipt id (null: any), newest lock first. */
    public List<EscrowState> escrows(EscrowFilter filter, int limit, int offset) {
        return filter.apply(em, "SELECT e FROM Escrow e", " ORDER BY e.lockHeight DESC, e.escrowId", Escrow.class)
                .setFirstResult(offset).setMaxResults(limit).getResultList().stream().map(Escrow::state).toList();
    }

    public long escrowCount(EscrowFilter filter) {
        return filter.apply(em, "SELECT COUNT(e) FROM Escrow e", "", Long.class).getSingleResult();
    }

    /** The open escrows an address pays into or arbitrates. */
    public List<EscrowState> openEscrowsOf(String address, int limit) {
        return em.createNamedQuery("Escrow.openOf", Escrow.class).setParameter("address", address)
                .setMaxResults(limit).getResultList().stream().map(Escrow::state).toList();
    }

    /** What all open escrows hold: with the balances, the chain's supply. */
    public long openEscrowSupply() {
        Long sum = em.createNamedQuery("Escrow.openSupply", Long.class).getSingleResult();
        return sum == null ? 0 : sum;
    }

    public List<EscrowState> allEscrows() {
        return em.createNamedQuery("Escrow.all", Escrow.class).getResultList().stream().map(Escrow::state).toList();
    }

    /** Which escrows a list asks for; a null member matches anything. */
    public record EscrowFilter(String payer, String arbiter, EscrowState.Status status, String receiptId) {

        <T> jakarta.persistence.TypedQuery<T> apply(EntityManager em, String select, String order, Class<T> type) {
            StringBuilder where = new StringBuilder();
            java.util.Map<String, Object> params = new java.util.LinkedHashMap<>();
            condition(where, params, "payer", payer);
            condition(where, params, "arbiter", arbiter);
            condition(where, params, "status", status == null ? null : status.name());
            condition(where, params, "receiptId", receiptId);
            jakarta.persistence.TypedQuery<T> q = em.createQuery(select + where + order, type);
            params.forEach(q::setParameter);
            return q;
        }

        private static void condition(StringBuilder where, java.util.Map<String, Object> params, String field,
                                      Object value) {
            if (value != null) {
                where.append(where.length() == 0 ? " WHERE " : " AND ").append("e.").append(field).append(" = :")
                        .append(field);
                params.put(field, value);
            }
        }
    }

    /**
     * Writes a block in the caller's transaction: header, transactions in order, every changed account and
     * escrow, receipts. The caller commits it together with the mempool removals, or not at all.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(BlockHeader header, List<SignedTx> txs, List<Long> receivedAt,
                       Collection<AccountState> changed, Collection<EscrowState> escrows,
                       List<SignedReceipt> receipts) {
        rows.insertBlocks(List.of(new LedgerRows.BlockRows(header, txs, receivedAt)));
        putAccounts(changed, header.timestamp());
        putEscrows(escrows, List.of());
        putReceipts(header, txs, receipts);
    }

    /**
     * Writes consecutive blocks in the caller's transaction, each with its transactions (received at
     * {@code receivedAt}) and the receipts it records; the accounts and escrows they changed are the caller's to
     * write once for all of them (a sync batch is a hundred blocks).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendAll(List<BlockHeader> headers, List<List<SignedTx>> txs, long receivedAt,
                          List<List<SignedReceipt>> receipts) {
        List<LedgerRows.BlockRows> blocks = new java.util.ArrayList<>(headers.size());
        for (int i = 0; i < headers.size(); i++) {
            blocks.add(new LedgerRows.BlockRows(headers.get(i), txs.get(i),
                    java.util.Collections.nCopies(txs.get(i).size(), receivedAt)));
        }
        rows.insertBlocks(blocks);
        for (int i = 0; i < headers.size(); i++) {
            putReceipts(headers.get(i), txs.get(i), receipts.get(i));
        }
    }

    private void putReceipts(BlockHeader header, List<SignedTx> txs, List<SignedReceipt> receipts) {
        if (receipts.isEmpty()) {
            return;
        }
        // one pass over the block: a coordinator's block can hold thousands of claims
        java.util.Map<String, String> claimTx = new java.util.HashMap<>();
        for (SignedTx t : txs) {
            if (t.type() == TxType.RECEIPT_CLAIM) {
                claimTx.putIfAbsent(t.payload().getJsonObject("receipt").getString("receipt_id"), t.hash());
            }
        }
        for (SignedReceipt r : receipts) {
            String txHash = java.util.Objects.requireNonNull(claimTx.get(r.receiptId()), r.receiptId());
            em.persist(Receipt.recorded(r, txHash, header.height(), header.timestamp()));
        }
    }

    /** Removes every block above {@code height} with its transactions and receipts (a reorganisation). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void truncateAbove(long height) {
        em.createQuery("DELETE FROM Receipt r WHERE r.blockHeight > :h").setParameter("h", height).executeUpdate();
        em.createQuery("DELETE FROM ChainTx t WHERE t.blockHeight > :h").setParameter("h", height).executeUpdate();
        em.createQuery("DELETE FROM Block b WHERE b.height > :h").setParameter("h", height).executeUpdate();
        em.flush();
        em.clear();
    }

    /** Writes account states as they are (stepping back to a fork point). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void putAccounts(Collection<AccountState> states, long now) {
        rows.putAccounts(states, now);
    }

    /** Writes escrow states as they are and removes escrows that no longer exist (stepping back over locks). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void putEscrows(Collection<EscrowState> states, Collection<String> removed) {
        for (EscrowState s : states) {
            Escrow stored = em.find(Escrow.class, s.escrowId());
            if (stored == null) {
                em.persist(Escrow.of(s));
            } else {
                stored.update(s);
            }
        }
        for (String id : removed) {
            Escrow stored = em.find(Escrow.class, id);
            if (stored != null) {
                em.remove(stored);
            }
        }
    }

    /** Stores genesis (block 0 and its allocations) into an empty ledger. */
    @Transactional
    public void initialise(Genesis genesis) {
        BlockHeader g = genesis.block();
        em.persist(Block.of(g));
        for (AccountState a : genesis.allocations()) {
            em.persist(Account.of(a, g.timestamp()));
        }
    }
}
