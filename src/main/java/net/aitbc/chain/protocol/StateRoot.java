package net.aitbc.chain.protocol;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.Collection;
import java.util.Comparator;
import net.aitbc.chain.crypto.CanonicalJson;
import net.aitbc.chain.crypto.Hashes;

/**
 * The state commitment (written down in docs/chain-format.md): a hash chain over state changes. For a block,
 * state_root = 0x + SHA-256(JCS({"parent_state_root": <parent's state_root>, "accounts": [<every account the
 * block changed, as {address, balance, nonce} after the block, sorted by address>]})). Genesis uses
 * parent_state_root = 0x00…00, its allocations as the accounts (nonce 0) and adds a "genesis" member holding the
 * chain id, authorities and parameters, so the genesis hash identifies the whole chain configuration. Each root
 * thus commits to every account's state (by induction from genesis) at a cost proportional to the accounts a
 * block touches, not to the number of accounts.
 */
public final class StateRoot {

    private StateRoot() {
    }

    public static String next(String parentStateRoot, Collection<AccountState> changed) {
        return next(parentStateRoot, changed, java.util.List.of());
    }

    /**
     * With escrows: a block that opens or closes escrows adds an "escrows" member, every escrow it changed as
     * {escrow_id, status, amount} sorted by id; a block that changes none has no such member, so its root is
     * the same as before escrows existed.
     */
    public static String next(String parentStateRoot, Collection<AccountState> changed,
                              Collection<EscrowState> escrows) {
        var b = JsonCodec.createObjectBuilder()
                .add("parent_state_root", parentStateRoot)
                .add("accounts", sorted(changed));
        if (!escrows.isEmpty()) {
            JsonArrayBuilder array = JsonCodec.createArrayBuilder();
            escrows.stream().sorted(Comparator.comparing(EscrowState::escrowId))
                    .forEach(e -> array.add(e.commitment()));
            b.add("escrows", array);
        }
        return hash(b.build());
    }

    public static String genesis(Collection<AccountState> allocations, JsonObject configuration) {
        return hash(JsonCodec.createObjectBuilder()
                .add("parent_state_root", Hashes.ZERO)
                .add("accounts", sorted(allocations))
                .add("genesis", configuration).build());
    }

    private static JsonArrayBuilder sorted(Collection<AccountState> accounts) {
        JsonArrayBuilder array = JsonCodec.createArrayBuilder();
        accounts.stream().sorted(Comparator.comparing(AccountState::address))
                .forEach(a -> array.add(a.toJson()));
        return array;
    }

    private static String hash(JsonObject object) {
        return Hashes.prefixed(Hashes.sha256(CanonicalJson.bytes(object)));
    }
}
