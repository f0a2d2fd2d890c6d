package net.aitbc.chain.consensus;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.aitbc.chain.config.ChainConfig;
import net.aitbc.chain.ledger.AccountBook;
import net.aitbc.chain.ledger.Block;
import net.aitbc.chain.ledger.ChainTx;
import net.aitbc.chain.ledger.Ledger;
import net.aitbc.chain.ledger.StateTransition;
import net.aitbc.chain.protocol.AccountState;
import net.aitbc.chain.protocol.BlockHeader;
import net.aitbc.chain.protocol.EscrowState;
import net.aitbc.chain.protocol.Genesis;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxType;

/**
 * Re-checks the stored chain from genesis as a stranger would: every hash link and header hash, every proposer
 * and block signature, every transaction's signature, tx_root, the state transition and state_root, and
 * finally that the stored balances and nonces are exactly what the replay gives.
 */
@ApplicationScoped
public class ChainVerifier {

    private static final int BATCH = 100;
    private static final int MAX_ERRORS = 20;

    @Inject
    Ledger ledger;
    @Inject
    ChainConfig config;

    public JsonObject verify() {
        long started = System.nanoTime();
        Genesis genesis = config.genesis();
        String chainId = genesis.chainId();
        List<String> errors = new ArrayList<>();
        Map<String, AccountState> state = new HashMap<>();
        Map<String, EscrowState> escrows = new HashMap<>();
        genesis.allocations().forEach(a -> state.put(a.address(), a));
        long allocated = genesis.allocations().stream().mapToLong(AccountState::balance).sum();
        long minted = 0;
        Set<String> receipts = new HashSet<>();
        StateTransition rules = new StateTransition(genesis, receipts::contains);

        BlockHeader expectedGenesis = genesis.block();
        Block stored = ledger.block(0).orElse(null);
        if (stored == null || !stored.hash().equals(expectedGenesis.hash())) {
            errors.add("block 0: genesis hash differs from the configured genesis");
        }
        BlockHeader prev = expectedGenesis;
        long head = ledger.head().map(Block::height).orElse(0L);
        long txCount = 0;
        for (long start = 1; start <= head && errors.size() < MAX_ERRORS; start += BATCH) {
            long end = Math.min(head, start + BATCH - 1);
            Map<Long, List<ChainTx>> txs = ledger.transactionsIn(start, end).stream()
                    .collect(Collectors.groupingBy(ChainTx::blockHeight));
            for (Block block : ledger.blocks(start, end)) {
                BlockHeader h = block.header(chainId);
                List<SignedTx> signed = txs.getOrDefault(h.height(), List.of()).stream()
                        .map(t -> t.signed(chainId)).toList();
                txCount += signed.size();
                minted += signed.stream().filter(t -> t.type() == TxType.MINT).mapToLong(SignedTx::amount).sum();
                String problem = check(h, prev, signed, genesis, rules, state, escrows, receipts);
                if (problem != null) {
                    errors.add("block " + h.height() + ": " + problem);
                    if (errors.size() >= MAX_ERRORS) {
                        break;
                    }
                }
                prev = h;
            }
        }
        if (prev.height() != head && errors.isEmpty()) {
            errors.add("heights are not contiguous up to the head " + head);
        }
        long supply = 0;
        for (AccountState expected : state.values()) {
            supply += expected.balance();
            AccountState actual = ledger.account(expected.address());
            if (!actual.equals(expected) && errors.size() < MAX_ERRORS) {
                errors.add("account " + expected.address() + ": stored " + actual + ", replay gives " + expected);
            }
        }
        if (ledger.totalBalance() != supply && errors.size() < MAX_ERRORS) {
            errors.add("stored balances sum to " + ledger.totalBalance() + ", replay gives " + supply);
        }
        long inEscrow = 0;
        for (EscrowState expected : escrows.values()) {
            inEscrow += expected.isOpen() ? expected.amount() : 0;
            EscrowState actual = ledger.escrow(expected.escrowId()).orElse(null);
            if (!expected.equals(actual) && errors.size() < MAX_ERRORS) {
                errors.add("escrow " + expected.escrowId() + ": stored " + actual + ", replay gives " + expected);
            }
        }
        if (ledger.allEscrows().size() != escrows.size() && errors.size() < MAX_ERRORS) {
            errors.add("the ledger stores " + ledger.allEscrows().size() + " escrows, replay gives " + escrows.size());
        }
        // money is only created by MINT: balances + open escrows = genesis allocations + mints
        if (supply + inEscrow != allocated + minted && errors.size() < MAX_ERRORS) {
            errors.add("balances " + supply + " + open escrows " + inEscrow + " != genesis " + allocated
                    + " + mints " + minted);
        }
        JsonArrayBuilder errorArray = JsonCodec.createArrayBuilder();
        errors.forEach(errorArray::add);
        return JsonCodec.createObjectBuilder().add("valid", errors.isEmpty()).add("height", head)
                .add("blocks_checked", prev.height()).add("txs_checked", txCount).add("accounts", state.size())
                .add("supply", supply).add("open_escrows", inEscrow).add("escrows", escrows.size())
                .add("genesis_supply", allocated).add("minted", minted).add("errors", errorArray)
                .add("duration_ms", (System.nanoTime() - started) / 1_000_000).build();
    }

    private static String check(BlockHeader h, BlockHeader prev, List<SignedTx> txs, Genesis genesis,
                                StateTransition rules, Map<String, AccountState> state,
                                Map<String, EscrowState> escrows, Set<String> receipts) {
        AccountBook book = new AccountBook(a -> state.getOrDefault(a, new AccountState(a, 0, 0)),
                id -> java.util.Optional.ofNullable(escrows.get(id)));
        Set<String> inBlock = new HashSet<>();
        String problem = BlockValidator.check(h, prev, txs, genesis, rules, book, inBlock, new ArrayList<>(), -1);
        if (problem == null) {
            state.putAll(book.changed());
            book.presentEscrows().forEach(e -> escrows.put(e.escrowId(), e));
            receipts.addAll(inBlock);
        }
        return problem;
    }
}
