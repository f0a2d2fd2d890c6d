package net.aitbc.chain.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.protocol.RejectReason;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxRejectedException;
import net.aitbc.chain.protocol.TxType;
import org.junit.jupiter.api.Test;

/**
 * Nonce sequencing against a strict in-memory admission (the node's rule: a transaction must carry the account's
 * next nonce): concurrent senders never collide, a key used elsewhere is caught up with, a refusal uses no nonce.
 */
class SigningAccountTest {

    /** Admits a transaction only with the next nonce, like the mempool, and remembers what it admitted. */
    private static final class StrictChain {
        long next;
        final Set<Long> admitted = ConcurrentHashMap.newKeySet();
        int calls;

        synchronized String admit(SignedTx tx) {
            calls++;
            if (tx.amount() > 1_000) {
                throw new TxRejectedException(RejectReason.INSUFFICIENT_BALANCE, "too much", "payload.amount");
            }
            if (tx.nonce() != next) {
                throw new TxRejectedException(RejectReason.BAD_NONCE, "want " + next, "nonce");
            }
            admitted.add(tx.nonce());
            next++;
            return tx.hash();
        }

        synchronized long nextNonce(String address) {
            return next;
        }
    }

    private final StrictChain chain = new StrictChain();
    private final SigningAccount account = new SigningAccount(Ed25519.generate(), "ait-test",
            chain::nextNonce, chain::admit);

    @Test
    void concurrentSendsFromOneKeyNeverPickTheSameNonce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<SignedTx>> sent = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            sent.add(pool.submit(() -> account.transfer(Ed25519.generate().address(), 1, 1)));
        }
        Set<Long> nonces = ConcurrentHashMap.newKeySet();
        for (Future<SignedTx> f : sent) {
            nonces.add(f.get().nonce());
        }
        pool.shutdown();
        assertEquals(400, nonces.size(), "400 distinct nonces");
        assertEquals(400, chain.admitted.size());
        assertEquals(400, chain.calls, "no send needed a retry");
    }

    @Test
    void aKeyUsedElsewhereIsCaughtUpWith() {
        account.transfer(Ed25519.generate().address(), 1, 1);
        chain.next += 3; // three transactions sent with the same key by another holder
        SignedTx tx = account.transfer(Ed25519.generate().address(), 1, 1);
        assertEquals(4, tx.nonce());
    }

    @Test
    void aRefusalUsesNoNonce() {
        assertThrows(TxRejectedException.class, () -> account.transfer(Ed25519.generate().address(), 5_000, 1));
        assertEquals(0, account.transfer(Ed25519.generate().address(), 1, 1).nonce());
    }

    /**
     * The node's batch rule on the same strict chain: in order, each judged after the earlier ones, and everything
     * behind a refused one refused unjudged.
     */
    private List<RuntimeException> admitBatch(List<SignedTx> txs) {
        List<RuntimeException> refused = new ArrayList<>();
        RuntimeException first = null;
        for (SignedTx tx : txs) {
            try {
                if (first != null) {
                    throw new TxRejectedException(RejectReason.BAD_NONCE, "follows a refused one", "nonce");
                }
                chain.admit(tx);
                refused.add(null);
            } catch (RuntimeException e) {
                refused.add(e);
                first = first == null ? e : first;
            }
        }
        return refused;
    }

    @Test
    void aBatchWithARefusalInTheMiddleResignsTheRestAndUsesNoNonceForIt() {
        SigningAccount batching = new SigningAccount(Ed25519.generate(), "ait-test", chain::nextNonce, chain::admit,
                this::admitBatch);
        chain.next = 7; // the key was used before
        List<SigningAccount.Op> ops = new ArrayList<>();
        for (long amount : new long[] {1, 2, 5_000, 3, 4}) {
            ops.add(new SigningAccount.Op(TxType.TRANSFER, Json.createObjectBuilder()
                    .add("recipient", Ed25519.generate().address()).add("amount", amount).build()));
        }
        List<SigningAccount.Outcome> out = batching.sendAll(ops, 1);
        assertEquals(5, out.size());
        assertEquals(List.of(7L, 8L), List.of(out.get(0).tx().nonce(), out.get(1).tx().nonce()));
        assertTrue(out.get(2).refused() instanceof TxRejectedException r && r.reason() == RejectReason.INSUFFICIENT_BALANCE);
        assertEquals(List.of(9L, 10L), List.of(out.get(3).tx().nonce(), out.get(4).tx().nonce()),
                "the refused one used no nonce: the later ones were signed again");
        assertEquals(Set.of(7L, 8L, 9L, 10L), chain.admitted);
        assertEquals(3, out.get(3).tx().amount());
        assertEquals(11, chain.next);
    }

    @Test
    void aKeySharedWithAnotherProcessThatKeepsWinningTheRaceIsCaughtUpWithSeveralTimesInOneBatch() {
        int[] batches = {0};
        SigningAccount batching = new SigningAccount(Ed25519.generate(), "ait-test", chain::nextNonce, chain::admit,
                txs -> {
                    if (batches[0]++ < 2) {
                        chain.next += 2; // the other holder of the key sent two just before each of our first two
                    }
                    return admitBatch(txs);
                });
        batching.transfer(Ed25519.generate().address(), 1, 1); // nonce 0: the account counts from 1 now
        List<SigningAccount.Op> ops = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ops.add(new SigningAccount.Op(TxType.TRANSFER, Json.createObjectBuilder()
                    .add("recipient", Ed25519.generate().address()).add("amount", 1).build()));
        }
        List<SigningAccount.Outcome> out = batching.sendAll(ops, 1);
        assertTrue(out.stream().allMatch(o -> o.refused() == null), out.toString());
        assertEquals(List.of(5L, 6L, 7L), out.stream().map(o -> o.tx().nonce()).toList());
        assertEquals(3, batches[0], "two resyncs, then the batch went in");
    }
}
