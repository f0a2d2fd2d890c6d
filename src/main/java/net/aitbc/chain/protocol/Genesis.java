package net.aitbc.chain.protocol;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import net.aitbc.chain.crypto.Address;
import net.aitbc.chain.crypto.Hashes;
import net.aitbc.chain.ledger.Block;

/**
 * A chain's genesis file: chain id, timestamp, authorities (ids and public keys), allocations and the
 * parameters every node of the chain must agree on. The same file gives the same genesis hash everywhere.
 */
public record Genesis(String chainId, String timestamp, List<Authority> authorities, List<AccountState> allocations,
                      Params params) {

    public record Authority(String id, String address, String publicKey) {
    }

    /**
     * Block validity rules every node checks alike. {@code faucet}: MINT transactions by authorities are valid
     * (devnets). {@code proposerTimeoutSeconds}: silence after which another authority may produce out of turn.
     */
    public record Params(int maxTxsPerBlock, int maxBlockSizeBytes, boolean faucet, int proposerTimeoutSeconds) {
        JsonObject toJson() {
            return JsonCodec.createObjectBuilder().add("max_txs_per_block", maxTxsPerBlock)
                    .add("max_block_size_bytes", maxBlockSizeBytes).add("faucet", faucet)
                    .add("proposer_timeout_seconds", proposerTimeoutSeconds).build();
        }
    }

    /** Limits of a genesis file that names none: blocks are bounded by bytes more than by count. */
    public static final int DEFAULT_MAX_TXS_PER_BLOCK = 10_000;
    public static final int DEFAULT_MAX_BLOCK_SIZE_BYTES = 4 * 1024 * 1024;

    public static Genesis parse(JsonObject json) {
        String chainId = text(json, "chain_id");
        String timestamp = text(json, "timestamp");
        Timestamps.parse(timestamp);
        List<Authority> authorities = new ArrayList<>();
        for (JsonValue v : json.getJsonArray("authorities")) {
            JsonObject a = v.asJsonObject();
            String key = text(a, "public_key").toLowerCase(Locale.ROOT);
            byte[] raw = Hashes.parseHex(key, 32);
            if (raw == null) {
                throw new IllegalArgumentException("authority public_key must be 64 hex characters");
            }
            String address = a.containsKey("address") ? Address.normalise(a.getString("address")) : Address.of(raw);
            if (!Address.of(raw).equals(address)) {
                throw new IllegalArgumentException("authority " + a.getString("id", "?")
                        + ": address does not derive from its public_key");
            }
            authorities.add(new Authority(text(a, "id"), address, key));
        }
        List<AccountState> allocations = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonValue v : json.getJsonArray("allocations")) {
            JsonObject a = v.asJsonObject();
            String address = Address.normalise(text(a, "address"));
            if (address == null || !seen.add(address)) {
                throw new IllegalArgumentException("allocation address malformed or repeated: " + a);
            }
            allocations.add(new AccountState(address, WireFields.integer(a, "amount"), 0));
        }
        JsonObject p = json.containsKey("params") ? json.getJsonObject("params") : JsonValue.EMPTY_JSON_OBJECT;
        Params params = new Params(p.getInt("max_txs_per_block", DEFAULT_MAX_TXS_PER_BLOCK),
                p.getInt("max_block_size_bytes", DEFAULT_MAX_BLOCK_SIZE_BYTES),
                p.getBoolean("faucet", false), p.getInt("proposer_timeout_seconds", 10));
        return new Genesis(chainId, timestamp, List.copyOf(authorities), List.copyOf(allocations), params);
    }

    private static String text(JsonObject o, String field) {
        if (!o.containsKey(field) || o.isNull(field)) {
            throw new IllegalArgumentException("genesis field '" + field + "' is missing");
        }
        return o.getString(field);
    }

    public JsonObject toJson() {
        JsonArrayBuilder auth = JsonCodec.createArrayBuilder();
        authorities.forEach(a -> auth.add(JsonCodec.createObjectBuilder().add("id", a.id()).add("address", a.address())
                .add("public_key", a.publicKey())));
        JsonArrayBuilder alloc = JsonCodec.createArrayBuilder();
        allocations.forEach(a -> alloc.add(JsonCodec.createObjectBuilder().add("address", a.address())
                .add("amount", a.balance())));
        return JsonCodec.createObjectBuilder().add("chain_id", chainId).add("timestamp", timestamp)
                .add("authorities", auth).add("allocations", alloc).add("params", params.toJson()).build();
    }

    /** What the genesis state root commits to besides the allocations. */
    private JsonObject configuration() {
        JsonObject full = toJson();
        return JsonCodec.createObjectBuilder().add("chain_id", chainId).add("authorities", full.getJsonArray("authorities"))
                .add("params", params.toJson()).build();
    }

    public BlockHeader block() {
        String stateRoot = StateRoot.genesis(allocations, configuration());
        long time = Timestamps.parse(timestamp);
        String hash = BlockHeader.computeHash(chainId, 0, Hashes.ZERO, Address.ZERO, time, Hashes.ZERO, stateRoot);
        return new BlockHeader(chainId, 0, Hashes.ZERO, Address.ZERO, time, 0, Hashes.ZERO, stateRoot, hash, null);
    }

    public long supply() {
        return allocations.stream().mapToLong(AccountState::balance).sum();
    }

    public Optional<Authority> authority(String address) {
        return authorities.stream().filter(a -> a.address().equals(address)).findFirst();
    }

    /** The in-turn proposer for a height: authorities[h mod n]. */
    public Authority inTurn(long height) {
        return authorities.get((int) (height % authorities.size()));
    }
}
