package net.aitbc.chain.protocol;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import net.aitbc.chain.crypto.Address;
import net.aitbc.chain.crypto.CanonicalJson;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.crypto.Hashes;

/**
 * A block header. hash = 0x + SHA-256(JCS({chain_id, height, parent_hash, proposer, timestamp, tx_root,
 * state_root})); signature = the proposer's Ed25519 signature of the 32 raw hash bytes (null for genesis).
 */
public record BlockHeader(String chainId, long height, String parentHash, String proposer, long timestamp,
                          int txCount, String txRoot, String stateRoot, String hash, String signature) {

    public static String computeHash(String chainId, long height, String parentHash, String proposer,
                                     long timestamp, String txRoot, String stateRoot) {
        byte[] canonical = CanonicalJson.bytes(JsonCodec.createObjectBuilder()
                .add("chain_id", chainId).add("height", height).add("parent_hash", parentHash)
                .add("proposer", proposer).add("timestamp", Timestamps.format(timestamp))
                .add("tx_root", txRoot).add("state_root", stateRoot).build());
        return Hashes.prefixed(Hashes.sha256(canonical));
    }

    /** A new block, hashed and signed by its proposer. */
    public static BlockHeader seal(String chainId, long height, String parentHash, long timestamp, int txCount,
                                   String txRoot, String stateRoot, Ed25519.KeyPair proposerKey) {
        String proposer = proposerKey.address();
        String hash = computeHash(chainId, height, parentHash, proposer, timestamp, txRoot, stateRoot);
        String signature = Hashes.hex(proposerKey.sign(Hashes.parseHash(hash)));
        return new BlockHeader(chainId, height, parentHash, proposer, timestamp, txCount, txRoot, stateRoot,
                hash, signature);
    }

    /**
     * The header fields of a block's JSON ({@code /rpc/blocks/{h}}, a proof bundle's header); an
     * {@link IllegalArgumentException} (or a {@link TxRejectedException} from the field readers) names what is
     * malformed.
     */
    public static BlockHeader fromJson(JsonObject json) {
        String hash = WireFields.string(json, "hash");
        String parent = WireFields.string(json, "parent_hash");
        if (!Hashes.isHash(hash) || !Hashes.isHash(parent)) {
            throw new IllegalArgumentException("hash and parent_hash must be 0x + 64 hex");
        }
        String signature = json.isNull("signature") ? null : WireFields.string(json, "signature");
        return new BlockHeader(WireFields.string(json, "chain_id"), WireFields.integer(json, "height"),
                parent.toLowerCase(), WireFields.string(json, "proposer"),
                Timestamps.parse(WireFields.string(json, "timestamp")), (int) WireFields.integer(json, "tx_count"),
                WireFields.string(json, "tx_root"), WireFields.string(json, "state_root"), hash.toLowerCase(),
                signature == null ? null : signature.toLowerCase());
    }

    public String recomputeHash() {
        return computeHash(chainId, height, parentHash, proposer, timestamp, txRoot, stateRoot);
    }

    /** The signature verifies under the given public key, which must derive the proposer's address. */
    public boolean signatureValidFor(byte[] publicKey) {
        return signature != null && Address.of(publicKey).equals(proposer)
                && Ed25519.verify(publicKey, Hashes.parseHash(hash), Hashes.parseHex(signature, 64));
    }

    /** The header object of {@code /rpc/blocks/{h}} (and of the blocks stream). */
    public JsonObjectBuilder toJsonBuilder() {
        JsonObjectBuilder b = JsonCodec.createObjectBuilder()
                .add("chain_id", chainId).add("height", height).add("hash", hash).add("parent_hash", parentHash)
                .add("proposer", proposer).add("timestamp", Timestamps.format(timestamp)).add("tx_count", txCount)
                .add("tx_root", txRoot).add("state_root", stateRoot);
        if (signature == null) {
            b.addNull("signature");
        } else {
            b.add("signature", signature);
        }
        return b;
    }

    public JsonObject toJson() {
        return toJsonBuilder().build();
    }

    public boolean isGenesis() {
        return height == 0;
    }

    static String genesisProposer() {
        return Address.ZERO;
    }
}
