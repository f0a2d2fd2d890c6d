package net.aitbc.chain.sync;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import net.aitbc.chain.crypto.Hashes;
import net.aitbc.chain.protocol.BlockHeader;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.Timestamps;
import net.aitbc.chain.protocol.TxRejectedException;
import net.aitbc.chain.protocol.WireFields;

/** A block as /rpc/blocks/{h} returns it (header, signature, full signed transactions), read for import. */
record IncomingBlock(BlockHeader header, List<SignedTx> txs) {

    /** Reads the form; an {@link IllegalArgumentException} names what is malformed. */
    static IncomingBlock parse(JsonObject json) {
        try {
            String hash = WireFields.string(json, "hash");
            String parent = WireFields.string(json, "parent_hash");
            if (!Hashes.isHash(hash) || !Hashes.isHash(parent)) {
                throw new IllegalArgumentException("hash and parent_hash must be 0x + 64 hex");
            }
            String signature = json.isNull("signature") ? null : WireFields.string(json, "signature");
            BlockHeader header = new BlockHeader(WireFields.string(json, "chain_id"), WireFields.integer(json, "height"),
                    parent.toLowerCase(), WireFields.string(json, "proposer"),
                    Timestamps.parse(WireFields.string(json, "timestamp")), (int) WireFields.integer(json, "tx_count"),
                    WireFields.string(json, "tx_root"), WireFields.string(json, "state_root"), hash.toLowerCase(),
                    signature == null ? null : signature.toLowerCase());
            JsonValue list = json.get("transactions");
            if (list == null || list.getValueType() != JsonValue.ValueType.ARRAY) {
                throw new IllegalArgumentException("transactions[] is missing");
            }
            List<SignedTx> txs = new ArrayList<>();
            for (JsonValue v : list.asJsonArray()) {
                if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                    throw new IllegalArgumentException("transactions[] must hold objects");
                }
                txs.add(SignedTx.fromWire(v.asJsonObject()));
            }
            return new IncomingBlock(header, txs);
        } catch (TxRejectedException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (ClassCastException | ArithmeticException e) {
            throw new IllegalArgumentException("malformed field: " + e.getMessage(), e);
        }
    }
}
