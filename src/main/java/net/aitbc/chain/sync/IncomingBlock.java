package net.aitbc.chain.sync;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import net.aitbc.chain.protocol.BlockHeader;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxRejectedException;

/** A block as /rpc/blocks/{h} returns it (header, signature, full signed transactions), read for import. */
record IncomingBlock(BlockHeader header, List<SignedTx> txs) {

    /** Reads the form; an {@link IllegalArgumentException} names what is malformed. */
    static IncomingBlock parse(JsonObject json) {
        try {
            BlockHeader header = BlockHeader.fromJson(json);
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
