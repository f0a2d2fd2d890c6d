package net.aitbc.testing;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.ledger.AccountBook;
import net.aitbc.chain.ledger.StateTransition;
import net.aitbc.chain.protocol.AccountState;
import net.aitbc.chain.protocol.EscrowState;
import net.aitbc.chain.protocol.Genesis;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxType;

/**
 * An in-memory chain state for the fast tests of the pure rules: a genesis with authorities and funded accounts,
 * the accounts and escrows after the blocks applied so far, and the receipts recorded. Nothing runs a server.
 */
public final class RuleFixture {

    public static final long FUNDS = 1_000_000;

    public final Genesis genesis;
    public final List<Ed25519.KeyPair> authorities;
    public final List<Ed25519.KeyPair> accounts;
    public final Map<String, AccountState> state = new HashMap<>();
    public final Map<String, EscrowState> escrows = new HashMap<>();
    public final Set<String> receipts = new HashSet<>();
    public long height;

    private RuleFixture(Genesis genesis, List<Ed25519.KeyPair> authorities, List<Ed25519.KeyPair> accounts) {
        this.genesis = genesis;
        this.authorities = authorities;
        this.accounts = accounts;
        genesis.allocations().forEach(a -> state.put(a.address(), a));
    }

    public static RuleFixture create(int authorityCount, int accountCount, boolean faucet) {
        return create(authorityCount, accountCount, faucet, Genesis.DEFAULT_MAX_TXS_PER_BLOCK,
                Genesis.DEFAULT_MAX_BLOCK_SIZE_BYTES);
    }

    /** With the chain's block limits (genesis parameters that import checks). */
    public static RuleFixture create(int authorityCount, int accountCount, boolean faucet, int maxTxsPerBlock,
                                     int maxBlockSizeBytes) {
        List<Ed25519.KeyPair> auth = java.util.stream.Stream.generate(Ed25519::generate).limit(authorityCount).toList();
        List<Ed25519.KeyPair> acc = java.util.stream.Stream.generate(Ed25519::generate).limit(accountCount).toList();
        JsonArrayBuilder a = Json.createArrayBuilder();
        for (int i = 0; i < auth.size(); i++) {
            a.add(Json.createObjectBuilder().add("id", "authority" + (i + 1)).add("address", auth.get(i).address())
                    .add("public_key", auth.get(i).publicKeyHex()));
        }
        JsonArrayBuilder alloc = Json.createArrayBuilder();
        acc.forEach(k -> alloc.add(Json.createObjectBuilder().add("address", k.address()).add("amount", FUNDS)));
        JsonObject file = Json.createObjectBuilder().add("chain_id", "ait-rules").add("timestamp", "2026-11-25T00:00:00.000Z")
                .add("authorities", a).add("allocations", alloc)
                .add("params", Json.createObjectBuilder().add("faucet", faucet).add("proposer_timeout_seconds", 6)
                        .add("max_txs_per_block", maxTxsPerBlock).add("max_block_size_bytes", maxBlockSizeBytes))
                .build();
        return new RuleFixture(Genesis.parse(file), auth, acc);
    }

    public StateTransition rules() {
        return new StateTransition(genesis, receipts::contains);
    }

    /** A book over the current state, for the next block. */
    public AccountBook book() {
        return new AccountBook(a -> state.getOrDefault(a, new AccountState(a, 0, 0)),
                id -> Optional.ofNullable(escrows.get(id)));
    }

    public long balance(String address) {
        return state.getOrDefault(address, new AccountState(address, 0, 0)).balance();
    }

    public long nonce(String address) {
        return state.getOrDefault(address, new AccountState(address, 0, 0)).nonce();
    }

    public SignedTx tx(Ed25519.KeyPair from, TxType type, long fee, JsonObject payload) {
        return SignedTx.sign(genesis.chainId(), type, nonce(from.address()), fee, payload, from);
    }

    /** Applies one transaction as a block of its own, proposed by authority 0; keeps the state on success. */
    public void applyBlock(SignedTx... txs) {
        AccountBook book = book();
        Set<String> inBlock = new HashSet<>();
        StateTransition rules = rules();
        long next = height + 1;
        for (SignedTx tx : txs) {
            rules.apply(tx, book, authorities.get(0).address(), next, inBlock);
        }
        commit(book);
        receipts.addAll(inBlock);
        height = next;
    }

    /** Takes over what a book changed, as the ledger would. */
    public void commit(AccountBook book) {
        state.putAll(book.changed());
        book.changedEscrows().forEach((id, e) -> {
            if (e.isPresent()) {
                escrows.put(id, e.get());
            } else {
                escrows.remove(id);
            }
        });
    }

    /** Balances plus open escrows: what must stay equal to genesis + mints. */
    public long supply() {
        return state.values().stream().mapToLong(AccountState::balance).sum()
                + escrows.values().stream().filter(EscrowState::isOpen).mapToLong(EscrowState::amount).sum();
    }
}
