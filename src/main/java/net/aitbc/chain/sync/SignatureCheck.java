package net.aitbc.chain.sync;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.aitbc.chain.consensus.BlockValidator;
import net.aitbc.chain.consensus.CheckedSignatures;
import net.aitbc.chain.protocol.BlockHeader;
import net.aitbc.chain.protocol.Genesis;
import net.aitbc.chain.protocol.SignedTx;

/**
 * The Ed25519 checks of a branch (its transactions and its proposers' signatures) on every core at once, before the
 * sequential validation: a catch-up batch holds about a thousand signatures, the largest single cost of import.
 * Sync runs it for the next batch while the current one is written.
 */
final class SignatureCheck {

    private SignatureCheck() {
    }

    /** The signatures that check out (by identity); the others are left to the validator, which names the fault. */
    static CheckedSignatures of(List<IncomingBlock> branch, Genesis genesis) {
        Set<SignedTx> txs = Collections.newSetFromMap(new IdentityHashMap<>());
        txs.addAll(branch.parallelStream().flatMap(b -> b.txs().stream()).filter(SignatureCheck::verifies)
                .collect(Collectors.toList()));
        Set<BlockHeader> headers = Collections.newSetFromMap(new IdentityHashMap<>());
        headers.addAll(branch.parallelStream().map(IncomingBlock::header)
                .filter(h -> BlockValidator.proposerSigned(h, genesis))
                .collect(Collectors.toList()));
        return new CheckedSignatures(txs, headers);
    }

    private static boolean verifies(SignedTx tx) {
        try {
            tx.checkSignature();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
