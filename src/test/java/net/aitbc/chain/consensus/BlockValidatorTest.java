package net.aitbc.chain.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.crypto.MerkleRoot;
import net.aitbc.chain.ledger.AccountBook;
import net.aitbc.chain.protocol.BlockHeader;
import net.aitbc.chain.protocol.EscrowPayload;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.StateRoot;
import net.aitbc.chain.protocol.TxType;
import net.aitbc.testing.RuleFixture;
import org.junit.jupiter.api.Test;

/** What import checks of a block, one rule at a time, without a server: a valid block passes, each change fails. */
class BlockValidatorTest {

    private final RuleFixture f = RuleFixture.create(1, 2, false);
    private final Ed25519.KeyPair authority = f.authorities.get(0);
    private final BlockHeader genesis = f.genesis.block();
    private final long now = genesis.timestamp() + 10_000;

    private SignedTx lock() {
        return f.tx(f.accounts.get(0), TxType.ESCROW_LOCK, 1,
                EscrowPayload.lock(100, f.accounts.get(1).address(), 5, "ref"));
    }

    /** A correctly sealed block 1 with these transactions, and its state root computed by the rules. */
    private BlockHeader seal(List<SignedTx> txs, Ed25519.KeyPair proposer, String stateRootOverride) {
        AccountBook book = f.book();
        for (SignedTx tx : txs) {
            f.rules().apply(tx, book, proposer.address(), 1, new HashSet<>());
        }
        String root = stateRootOverride != null ? stateRootOverride
                : StateRoot.next(genesis.stateRoot(), book.changed().values(), book.presentEscrows());
        return BlockHeader.seal(f.genesis.chainId(), 1, genesis.hash(), genesis.timestamp() + 2000, txs.size(),
                MerkleRoot.of(txs.stream().map(SignedTx::hash).toList()), root, proposer);
    }

    private String check(BlockHeader h, List<SignedTx> txs) {
        return BlockValidator.check(h, genesis, txs, f.genesis, f.rules(), f.book(), new HashSet<>(),
                new ArrayList<>(), now);
    }

    @Test
    void aValidBlockWithAnEscrowLockPassesAndItsStateRootCommitsToTheEscrow() {
        List<SignedTx> txs = List.of(lock());
        BlockHeader h = seal(txs, authority, null);
        assertNull(check(h, txs));
        AccountBook book = f.book();
        f.rules().apply(txs.get(0), book, authority.address(), 1, new HashSet<>());
        String withoutEscrows = StateRoot.next(genesis.stateRoot(), book.changed().values());
        BlockHeader forgotEscrow = seal(txs, authority, withoutEscrows);
        assertContains(check(forgotEscrow, txs), "state_root");
    }

    @Test
    void eachTamperingIsRefusedWithItsReason() {
        List<SignedTx> txs = List.of(lock());
        BlockHeader good = seal(txs, authority, null);
        assertContains(check(new BlockHeader(good.chainId(), 2, good.parentHash(), good.proposer(), good.timestamp(),
                good.txCount(), good.txRoot(), good.stateRoot(), good.hash(), good.signature()), txs), "height");
        assertContains(check(new BlockHeader(good.chainId(), 1, good.parentHash(), good.proposer(), good.timestamp(),
                good.txCount(), good.txRoot(), "0x" + "11".repeat(32), good.hash(), good.signature()), txs), "hash");
        assertContains(check(seal(txs, Ed25519.generate(), null), txs), "not an authority");
        BlockHeader otherSig = new BlockHeader(good.chainId(), 1, good.parentHash(), good.proposer(),
                good.timestamp(), good.txCount(), good.txRoot(), good.stateRoot(), good.hash(),
                net.aitbc.chain.crypto.Hashes.hex(Ed25519.generate().sign(new byte[32])));
        assertContains(check(otherSig, txs), "signature");
        SignedTx other = f.tx(f.accounts.get(1), TxType.TRANSFER, 1, Json.createObjectBuilder()
                .add("recipient", f.accounts.get(0).address()).add("amount", 5).build());
        assertContains(check(good, List.of(other)), "tx_root");
        assertContains(check(good, List.of()), "tx_count");
        SignedTx expired = f.tx(f.accounts.get(0), TxType.ESCROW_LOCK, 1,
                EscrowPayload.lock(100, f.accounts.get(1).address(), 1, null));
        BlockHeader withExpired = BlockHeader.seal(f.genesis.chainId(), 1, genesis.hash(), genesis.timestamp() + 2000,
                1, MerkleRoot.of(List.of(expired.hash())), good.stateRoot(), authority);
        assertContains(check(withExpired, List.of(expired)), "expires_at_height");
    }

    @Test
    void aBlockFromTheFutureIsRefused() {
        List<SignedTx> txs = List.of(lock());
        BlockHeader h = seal(txs, authority, null);
        String refusal = BlockValidator.check(h, genesis, txs, f.genesis, f.rules(), f.book(), new HashSet<>(),
                new ArrayList<>(), h.timestamp() - BlockValidator.MAX_CLOCK_AHEAD_MILLIS - 1);
        assertContains(refusal, "ahead");
    }

    @Test
    void aBlockOverTheChainsLimitsIsRefused() {
        RuleFixture small = RuleFixture.create(1, 1, false, 1, 1_000_000);
        Ed25519.KeyPair from = small.accounts.get(0);
        List<SignedTx> two = List.of(
                small.tx(from, TxType.ESCROW_LOCK, 1, EscrowPayload.lock(5, small.authorities.get(0).address(), 9, null)),
                SignedTx.sign(small.genesis.chainId(), TxType.ESCROW_LOCK, 1, 1,
                        EscrowPayload.lock(5, small.authorities.get(0).address(), 9, null), from));
        BlockHeader g = small.genesis.block();
        BlockHeader h = BlockHeader.seal(small.genesis.chainId(), 1, g.hash(), g.timestamp() + 2000, 2,
                MerkleRoot.of(two.stream().map(SignedTx::hash).toList()), g.stateRoot(), small.authorities.get(0));
        assertContains(BlockValidator.check(h, g, two, small.genesis, small.rules(), small.book(), new HashSet<>(),
                new ArrayList<>(), -1), "limit is 1");
        RuleFixture tiny = RuleFixture.create(1, 1, false, 10, 100);
        List<SignedTx> one = List.of(tiny.tx(tiny.accounts.get(0), TxType.ESCROW_LOCK, 1,
                EscrowPayload.lock(5, tiny.authorities.get(0).address(), 9, null)));
        BlockHeader t = tiny.genesis.block();
        BlockHeader big = BlockHeader.seal(tiny.genesis.chainId(), 1, t.hash(), t.timestamp() + 2000, 1,
                MerkleRoot.of(List.of(one.get(0).hash())), t.stateRoot(), tiny.authorities.get(0));
        assertContains(BlockValidator.check(big, t, one, tiny.genesis, tiny.rules(), tiny.book(), new HashSet<>(),
                new ArrayList<>(), -1), "bytes");
    }

    private static void assertContains(String refusal, String expected) {
        assertNotNull(refusal, "expected a refusal mentioning " + expected);
        assertTrue(refusal.contains(expected), refusal);
    }

    @Test
    void theBookIsUntouchedWhenABlockIsRefused() {
        List<SignedTx> txs = List.of(lock());
        BlockHeader bad = seal(txs, authority, "0x" + "22".repeat(32));
        AccountBook book = f.book();
        assertNotNull(BlockValidator.check(bad, genesis, txs, f.genesis, f.rules(), book, new HashSet<>(),
                new ArrayList<>(), now));
        assertEquals(0, book.changed().size());
        assertEquals(0, book.changedEscrows().size());
    }
}
