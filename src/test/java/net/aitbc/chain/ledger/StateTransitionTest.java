package net.aitbc.chain.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.protocol.AccountState;
import net.aitbc.chain.protocol.EscrowPayload.Payout;
import net.aitbc.chain.protocol.EscrowPayload;
import net.aitbc.chain.protocol.EscrowState;
import net.aitbc.chain.protocol.RejectReason;
import net.aitbc.chain.protocol.SignedReceipt;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxRejectedException;
import net.aitbc.chain.protocol.TxType;
import net.aitbc.testing.RuleFixture;
import org.junit.jupiter.api.Test;

/** The state rules in milliseconds: every rule of a transaction type, and undo as the exact inverse of apply. */
class StateTransitionTest {

    private final RuleFixture f = RuleFixture.create(1, 4, true);
    private final Ed25519.KeyPair alice = f.accounts.get(0);
    private final Ed25519.KeyPair bob = f.accounts.get(1);
    private final Ed25519.KeyPair arbiter = f.accounts.get(2);
    private final String proposer = f.authorities.get(0).address();

    private static JsonObject transfer(String to, long amount) {
        return Json.createObjectBuilder().add("recipient", to).add("amount", amount).build();
    }

    private RejectReason refusal(SignedTx tx) {
        AccountBook book = f.book();
        TxRejectedException e = assertThrows(TxRejectedException.class,
                () -> f.rules().apply(tx, book, proposer, f.height + 1, new HashSet<>()));
        assertTrue(book.changed().isEmpty() && book.changedEscrows().isEmpty(), "a refusal changes nothing");
        return e.reason();
    }

    private SignedTx lock(long amount, long expires) {
        return f.tx(alice, TxType.ESCROW_LOCK, 2, EscrowPayload.lock(amount, arbiter.address(), expires, "job-1"));
    }

    // ---- transfers, mints, receipts ----

    @Test
    void transferMovesTheAmountAndPaysTheFeeToTheProposer() {
        f.applyBlock(f.tx(alice, TxType.TRANSFER, 7, transfer(bob.address(), 1000)));
        assertEquals(RuleFixture.FUNDS - 1007, f.balance(alice.address()));
        assertEquals(RuleFixture.FUNDS + 1000, f.balance(bob.address()));
        assertEquals(7, f.balance(proposer));
        assertEquals(1, f.nonce(alice.address()));
    }

    @Test
    void wrongNonceAndOverdraftAreRefused() {
        SignedTx skipped = SignedTx.sign(f.genesis.chainId(), TxType.TRANSFER, 1, 1, transfer(bob.address(), 1), alice);
        assertEquals(RejectReason.BAD_NONCE, refusal(skipped));
        assertEquals(RejectReason.INSUFFICIENT_BALANCE,
                refusal(f.tx(alice, TxType.TRANSFER, 1, transfer(bob.address(), RuleFixture.FUNDS))));
    }

    @Test
    void onlyAnAuthorityMintsAndOnlyOnAFaucetChain() {
        assertEquals(RejectReason.NOT_AUTHORISED, refusal(f.tx(alice, TxType.MINT, 0, transfer(alice.address(), 5))));
        long before = f.supply();
        f.applyBlock(f.tx(f.authorities.get(0), TxType.MINT, 0, transfer(bob.address(), 5)));
        assertEquals(before + 5, f.supply(), "MINT is the one way money is created");
        RuleFixture noFaucet = RuleFixture.create(1, 1, false);
        SignedTx mint = noFaucet.tx(noFaucet.authorities.get(0), TxType.MINT, 0, transfer(bob.address(), 5));
        assertThrows(TxRejectedException.class, () -> noFaucet.rules().apply(mint, noFaucet.book(),
                proposer, 1, new HashSet<>()));
    }

    @Test
    void aReceiptIsRecordedOnceEvenWithinOneBlock() {
        JsonObject receipt = SignedReceipt.sign(Json.createObjectBuilder().add("receipt_id", "r-1").build(), arbiter);
        JsonObject payload = Json.createObjectBuilder().add("receipt", receipt).build();
        SignedTx first = f.tx(arbiter, TxType.RECEIPT_CLAIM, 1, payload);
        SignedTx second = SignedTx.sign(f.genesis.chainId(), TxType.RECEIPT_CLAIM, 1, 1, payload, arbiter);
        TxRejectedException e = assertThrows(TxRejectedException.class, () -> f.applyBlock(first, second));
        assertEquals(RejectReason.DUPLICATE_RECEIPT, e.reason());
    }

    // ---- escrow ----

    @Test
    void aLockMovesAmountAndFeeIntoAnOpenEscrowNamedByItsHash() {
        long supply = f.supply();
        SignedTx lock = lock(500, 10);
        f.applyBlock(lock);
        EscrowState e = f.escrows.get(lock.hash());
        assertEquals(EscrowState.Status.OPEN, e.status());
        assertEquals(alice.address(), e.payer());
        assertEquals(500, e.amount());
        assertEquals(1, e.lockHeight());
        assertEquals(RuleFixture.FUNDS - 502, f.balance(alice.address()));
        assertEquals(supply, f.supply(), "locked money still counts");
    }

    @Test
    void aLockMustExpireAfterItsBlockAndBeCovered() {
        assertEquals(RejectReason.INVALID_FIELD, refusal(lock(500, 1)), "expires at its own block's height");
        assertEquals(RejectReason.INSUFFICIENT_BALANCE, refusal(lock(RuleFixture.FUNDS - 1, 10)), "amount + fee");
    }

    @Test
    void theArbiterSettlesOnceWithPayoutsAddingUpExactly() {
        SignedTx lock = lock(1000, 10);
        f.applyBlock(lock);
        String miner = Ed25519.generate().address();
        Ed25519.KeyPair stranger = f.accounts.get(3);
        assertEquals(RejectReason.NOT_ARBITER, refusal(f.tx(stranger, TxType.ESCROW_SETTLE, 1,
                EscrowPayload.settle(lock.hash(), List.of(new Payout(miner, 1000)), null))));
        assertEquals(RejectReason.PAYOUTS_MISMATCH, refusal(f.tx(arbiter, TxType.ESCROW_SETTLE, 1,
                EscrowPayload.settle(lock.hash(), List.of(new Payout(miner, 999)), null))));
        assertEquals(RejectReason.UNKNOWN_ESCROW, refusal(f.tx(arbiter, TxType.ESCROW_SETTLE, 1,
                EscrowPayload.settle("0x" + "00".repeat(32), List.of(new Payout(miner, 1000)), null))));
        assertEquals(RejectReason.UNKNOWN_RECEIPT, refusal(f.tx(arbiter, TxType.ESCROW_SETTLE, 1,
                EscrowPayload.settle(lock.hash(), List.of(new Payout(miner, 1000)), "r-missing"))));

        SignedTx settle = f.tx(arbiter, TxType.ESCROW_SETTLE, 1, EscrowPayload.settle(lock.hash(),
                List.of(new Payout(miner, 900), new Payout(alice.address(), 100)), null));
        long supply = f.supply();
        f.applyBlock(settle);
        assertEquals(EscrowState.Status.SETTLED, f.escrows.get(lock.hash()).status());
        assertEquals(900, f.balance(miner));
        assertEquals(RuleFixture.FUNDS - 1002 + 100, f.balance(alice.address()));
        assertEquals(RuleFixture.FUNDS - 1, f.balance(arbiter.address()), "the arbiter pays only the fee");
        assertEquals(supply, f.supply());
        assertEquals(RejectReason.ESCROW_CLOSED, refusal(f.tx(arbiter, TxType.ESCROW_SETTLE, 1,
                EscrowPayload.settle(lock.hash(), List.of(new Payout(miner, 1000)), null))));
    }

    @Test
    void aSettleMayNameAReceiptRecordedEarlierInTheSameBlock() {
        SignedTx lock = lock(300, 10);
        f.applyBlock(lock);
        JsonObject receipt = SignedReceipt.sign(Json.createObjectBuilder().add("receipt_id", "r-same-block").build(),
                arbiter);
        SignedTx claim = f.tx(arbiter, TxType.RECEIPT_CLAIM, 1, Json.createObjectBuilder().add("receipt", receipt).build());
        SignedTx settle = SignedTx.sign(f.genesis.chainId(), TxType.ESCROW_SETTLE, claim.nonce() + 1, 1,
                EscrowPayload.settle(lock.hash(), List.of(new Payout(bob.address(), 300)), "r-same-block"), arbiter);
        f.applyBlock(claim, settle);
        assertEquals("r-same-block", f.escrows.get(lock.hash()).receiptId());
    }

    @Test
    void onlyThePayerReclaimsAndOnlyFromTheExpiryHeight() {
        SignedTx lock = lock(400, 3);
        f.applyBlock(lock); // height 1
        SignedTx early = f.tx(alice, TxType.ESCROW_RECLAIM, 1, EscrowPayload.reclaim(lock.hash()));
        assertEquals(RejectReason.ESCROW_NOT_EXPIRED, refusal(early), "block 2 < 3");
        f.applyBlock(f.tx(bob, TxType.TRANSFER, 1, transfer(alice.address(), 1))); // height 2
        assertEquals(RejectReason.NOT_PAYER, refusal(f.tx(bob, TxType.ESCROW_RECLAIM, 1,
                EscrowPayload.reclaim(lock.hash()))));
        long before = f.balance(alice.address());
        f.applyBlock(f.tx(alice, TxType.ESCROW_RECLAIM, 1, EscrowPayload.reclaim(lock.hash()))); // height 3
        assertEquals(EscrowState.Status.RECLAIMED, f.escrows.get(lock.hash()).status());
        assertEquals(before + 400 - 1, f.balance(alice.address()));
        assertEquals(RejectReason.ESCROW_CLOSED, refusal(f.tx(arbiter, TxType.ESCROW_SETTLE, 1,
                EscrowPayload.settle(lock.hash(), List.of(new Payout(bob.address(), 400)), null))));
    }

    // ---- undo ----

    /**
     * A random mix of transfers, locks, settles and reclaims over many blocks keeps balances + open escrows
     * constant; undoing the blocks last to first gives back exactly the state before them.
     */
    @Test
    void undoIsTheExactInverseAndSupplyIsConserved() {
        Random random = new Random(11);
        Map<String, AccountState> startAccounts = new HashMap<>(f.state);
        long supply = f.supply();
        List<List<SignedTx>> blocks = new ArrayList<>();
        List<String> open = new ArrayList<>();
        for (int b = 0; b < 30; b++) {
            AccountBook book = f.book();
            List<SignedTx> applied = new ArrayList<>();
            long height = f.height + 1;
            for (int i = 0; i < 4; i++) {
                Ed25519.KeyPair from = f.accounts.get(random.nextInt(2));
                SignedTx tx;
                int kind = random.nextInt(4);
                long nonce = book.get(from.address()).nonce();
                if (kind == 0 || open.isEmpty()) {
                    tx = SignedTx.sign(f.genesis.chainId(), TxType.ESCROW_LOCK, nonce, 1, EscrowPayload.lock(
                            1 + random.nextInt(5000), arbiter.address(), height + 1 + random.nextInt(3), null), from);
                } else if (kind == 1) {
                    String id = open.get(random.nextInt(open.size()));
                    long amount = book.escrow(id).orElseThrow().amount();
                    long cut = random.nextInt((int) amount + 1);
                    tx = SignedTx.sign(f.genesis.chainId(), TxType.ESCROW_SETTLE, book.get(arbiter.address()).nonce(),
                            1, EscrowPayload.settle(id, List.of(new Payout(bob.address(), cut),
                                    new Payout(f.accounts.get(3).address(), amount - cut)), null), arbiter);
                } else if (kind == 2) {
                    String id = open.get(random.nextInt(open.size()));
                    Ed25519.KeyPair payer = book.escrow(id).orElseThrow().payer().equals(alice.address()) ? alice : bob;
                    tx = SignedTx.sign(f.genesis.chainId(), TxType.ESCROW_RECLAIM, book.get(payer.address()).nonce(),
                            1, EscrowPayload.reclaim(id), payer);
                } else {
                    tx = SignedTx.sign(f.genesis.chainId(), TxType.TRANSFER, nonce, 1,
                            transfer(Ed25519.generate().address(), 1 + random.nextInt(100)), from);
                }
                try {
                    f.rules().apply(tx, book, proposer, height, new HashSet<>());
                    applied.add(tx);
                    if (tx.type() == TxType.ESCROW_LOCK) {
                        open.add(tx.hash());
                    } else if (tx.type().closesEscrow()) {
                        open.remove(tx.closedEscrowId());
                    }
                } catch (TxRejectedException e) {
                    // not expired yet, and the like: the rules say no, the mix goes on
                }
            }
            f.commit(book);
            f.height = height;
            blocks.add(applied);
            assertEquals(supply, f.supply(), "block " + height + " conserves balances + open escrows");
        }
        assertTrue(blocks.stream().flatMap(List::stream).anyMatch(t -> t.type() == TxType.ESCROW_SETTLE));
        assertTrue(blocks.stream().flatMap(List::stream).anyMatch(t -> t.type() == TxType.ESCROW_RECLAIM));

        AccountBook back = f.book();
        for (int b = blocks.size() - 1; b >= 0; b--) {
            List<SignedTx> txs = blocks.get(b);
            for (int i = txs.size() - 1; i >= 0; i--) {
                StateTransition.undo(txs.get(i), back, proposer);
            }
        }
        f.commit(back);
        for (AccountState a : f.state.values()) {
            AccountState start = startAccounts.getOrDefault(a.address(), new AccountState(a.address(), 0, 0));
            assertEquals(start, a, "account after undo");
        }
        assertTrue(f.escrows.isEmpty(), "every lock undone: " + f.escrows.keySet());
    }
}
