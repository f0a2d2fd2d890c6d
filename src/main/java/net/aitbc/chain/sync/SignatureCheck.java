package net.aitbc.chain.sync;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.aitbc.chain.protocol.SignedTx;

/**
 * The Ed25519 checks of a branch's transactions on every core at once, before the sequential validation: a
 * catch-up batch holds about a thousand signatures, the largest single cost of import.
 */
final class SignatureCheck {

    private SignatureCheck() {
    }

    /** The transactions whose key and signature check out (by identity); the others are left to the validator. */
    static Set<SignedTx> validIn(List<IncomingBlock> branch) {
        Set<SignedTx> valid = Collections.newSetFromMap(new IdentityHashMap<>());
        valid.addAll(branch.parallelStream().flatMap(b -> b.txs().stream()).filter(SignatureCheck::verifies)
                .collect(Collectors.toList()));
        return valid;
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
