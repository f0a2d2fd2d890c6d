package net.aitbc.chain.sync;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import net.aitbc.chain.protocol.SignedTx;

/**
 * The answer of a block import: {@code {accepted, height, hash, reason, reorged, reorg_depth}}. {@code kind}
 * tells a refusal of an invalid block (400) from one that does not fit this chain (409); {@code replaced} are the
 * transactions of blocks a reorganisation removed, to offer to the mempool again.
 */
public record ImportResult(boolean accepted, long height, String hash, String reason, boolean reorged,
                           int reorgDepth, Kind kind, List<SignedTx> replaced) {

    public enum Kind { ACCEPTED, INVALID, CONFLICT }

    static ImportResult accepted(long height, String hash, String reason, int depth, List<SignedTx> replaced) {
        return new ImportResult(true, height, hash, reason, depth > 0, depth, Kind.ACCEPTED, replaced);
    }

    static ImportResult invalid(long height, String hash, String reason) {
        return new ImportResult(false, height, hash, reason, false, 0, Kind.INVALID, List.of());
    }

    static ImportResult conflict(long height, String hash, String reason) {
        return new ImportResult(false, height, hash, reason, false, 0, Kind.CONFLICT, List.of());
    }

    public JsonObject toJson() {
        JsonObjectBuilder b = Json.createObjectBuilder().add("accepted", accepted).add("height", height)
                .add("reorged", reorged).add("reorg_depth", reorgDepth);
        if (hash == null) {
            b.addNull("hash");
        } else {
            b.add("hash", hash);
        }
        if (reason == null) {
            b.addNull("reason");
        } else {
            b.add("reason", reason);
        }
        return b.build();
    }
}
