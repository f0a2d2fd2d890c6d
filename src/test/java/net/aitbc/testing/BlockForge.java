package net.aitbc.testing;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.crypto.MerkleRoot;
import net.aitbc.chain.ledger.AccountBook;
import net.aitbc.chain.ledger.StateTransition;
import net.aitbc.chain.protocol.AccountState;
import net.aitbc.chain.protocol.BlockHeader;
import net.aitbc.chain.protocol.EscrowState;
import net.aitbc.chain.protocol.Genesis;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.StateRoot;
import net.aitbc.chain.protocol.TxType;

/**
 * Builds valid blocks of a test chain outside any node (the tests hold the authority keys), keeping the
 * branch's state in memory: for feeding nodes competing branches, and for deriving tampered copies.
 */
public final class BlockForge {

    private final Genesis genesis;
    private final Map<String, AccountState> state;
    private final Map<String, EscrowState> escrows;
    private BlockHeader head;
    private final List<JsonObject> blocks = new ArrayList<>();

    private BlockForge(Genesis genesis, Map<String, AccountState> state, Map<String, EscrowState> escrows,
                       BlockHeader head) {
        this.genesis = genesis;
        this.state = state;
        this.escrows = escrows;
        this.head = head;
    }

    public static BlockForge fromGenesis(Genesis genesis) {
        Map<String, AccountState> state = new HashMap<>();
        genesis.allocations().forEach(a -> state.put(a.address(), a));
        return new BlockForge(genesis, state, new HashMap<>(), genesis.block());
    }

    /** An independent copy of this branch, to grow a fork from here. */
    public BlockForge fork() {
        BlockForge copy = new BlockForge(genesis, new HashMap<>(state), new HashMap<>(escrows), head);
        copy.blocks.addAll(blocks);
        return copy;
    }

    public BlockHeader head() {
        return head;
    }

    public List<JsonObject> blocks() {
        return blocks;
    }

    public long nonce(String address) {
        return state.getOrDefault(address, new AccountState(address, 0, 0)).nonce();
    }

    public SignedTx transfer(Ed25519.KeyPair from, String to, long amount, long fee) {
        return SignedTx.sign(genesis.chainId(), TxType.TRANSFER, nonce(from.address()), fee,
                Json.createObjectBuilder().add("recipient", to).add("amount", amount).build(), from);
    }

    /** A transaction of {@code type} from {@code from} with its next nonce on this branch. */
    public SignedTx signed(Ed25519.KeyPair from, TxType type, long fee, JsonObject payload) {
        return SignedTx.sign(genesis.chainId(), type, nonce(from.address()), fee, payload, from);
    }

    public java.util.Optional<EscrowState> escrow(String id) {
        return java.util.Optional.ofNullable(escrows.get(id));
    }

    /** Seals the next block with these transactions, signed by {@code proposer}. */
    public JsonObject next(List<SignedTx> txs, Ed25519.KeyPair proposer, long timestamp) {
        AccountBook book = new AccountBook(a -> state.getOrDefault(a, new AccountState(a, 0, 0)), this::escrow);
        StateTransition rules = new StateTransition(genesis, id -> false);
        long height = head.height() + 1;
        java.util.Set<String> receipts = new HashSet<>();
        for (SignedTx tx : txs) {
            rules.apply(tx, book, proposer.address(), height, receipts);
        }
        BlockHeader h = BlockHeader.seal(genesis.chainId(), height, head.hash(), timestamp, txs.size(),
                MerkleRoot.of(txs.stream().map(SignedTx::hash).toList()),
                StateRoot.next(head.stateRoot(), book.changed().values(), book.presentEscrows()), proposer);
        state.putAll(book.changed());
        book.presentEscrows().forEach(e -> escrows.put(e.escrowId(), e));
        head = h;
        JsonObject json = toJson(h, txs);
        blocks.add(json);
        return json;
    }

    public static JsonObject toJson(BlockHeader h, List<SignedTx> txs) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        txs.forEach(t -> array.add(t.toWire()));
        return Json.createObjectBuilder(h.toJson()).add("transactions", array).build();
    }

    /** A copy of a block JSON with one change applied. */
    public static JsonObject altered(JsonObject block, UnaryOperator<jakarta.json.JsonObjectBuilder> change) {
        return change.apply(Json.createObjectBuilder(block)).build();
    }
}
