package net.aitbc.chain.consensus;

import java.util.Set;
import net.aitbc.chain.protocol.BlockHeader;
import net.aitbc.chain.protocol.SignedTx;

/**
 * Signatures already checked and found valid before the sequential validation (import checks a batch's on every
 * core at once): these very objects, by identity. {@link BlockValidator} checks any other itself, in block order,
 * so a refusal names the same first fault either way.
 */
public record CheckedSignatures(Set<SignedTx> txs, Set<BlockHeader> headers) {

    public static final CheckedSignatures NONE = new CheckedSignatures(Set.of(), Set.of());

    boolean covers(SignedTx tx) {
        return txs.contains(tx);
    }

    boolean covers(BlockHeader header) {
        return headers.contains(header);
    }
}
