package net.aitbc.chain.sync;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import java.util.Locale;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.protocol.SignedTx;

/**
 * The answer of a block import: {@code {accepted, height, hash, reason, reorged, reorg_depth}} plus, for a
 * refusal, its typed {@link Refusal} ({@code refusal} on the wire), which callers branch on instead of the
 * message text. {@code replaced} are the transactions of blocks a reorganisation removed, to offer to the
 * mempool again.
 */
public record ImportResult(boolean accepted, long height, String hash, String reason, boolean reorged,
                           int reorgDepth, Refusal refusal, List<SignedTx> replaced) {

    /** Why a block was not imported; {@link #invalid} ones are the sender's fault (400), the others do not fit (409). */
    public enum Refusal {
        MALFORMED(true), NOT_LINKED(true), ALTERED_COPY(true), INVALID_BLOCK(true),
        UNKNOWN_PARENT(false), NOT_LONGER(false), TOO_DEEP(false);

        private final boolean invalid;

        Refusal(boolean invalid) {
            this.invalid = invalid;
        }

        /** The block itself is wrong (as opposed to: valid, but not a fit for this chain). */
        public boolean invalid() {
            return invalid;
        }

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static ImportResult accepted(long height, String hash, String reason, int depth, List<SignedTx> replaced) {
        return new ImportResult(true, height, hash, reason, depth > 0, depth, null, replaced);
    }

    static ImportResult refused(Refusal refusal, long height, String hash, String reason) {
        return new ImportResult(false, height, hash, reason, false, 0, refusal, List.of());
    }

    public JsonObject toJson() {
        JsonObjectBuilder b = JsonCodec.createObjectBuilder().add("accepted", accepted).add("height", height)
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
        if (refusal != null) {
            b.add("refusal", refusal.code());
        }
        return b.build();
    }
}
