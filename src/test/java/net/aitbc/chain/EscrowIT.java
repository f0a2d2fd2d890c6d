package net.aitbc.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.chain.client.ChainClientException;
import net.aitbc.chain.client.SigningAccount;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.protocol.EscrowPayload.Payout;
import net.aitbc.chain.protocol.EscrowPayload;
import net.aitbc.chain.protocol.EscrowState;
import net.aitbc.chain.protocol.Genesis;
import net.aitbc.chain.protocol.SignedReceipt;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxType;
import net.aitbc.testing.BlockForge;
import net.aitbc.testing.ForgedPeer;
import net.aitbc.testing.Http;
import net.aitbc.testing.TestChain;
import net.aitbc.testing.TestDatabase;
import net.aitbc.testing.cluster.LibertyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Escrow on chain, by HTTP against real servers: an authority on PostgreSQL (min fee 1, 1 s blocks), a follower
 * on the embedded database that imports forged branches (for the reorganisation), and a coordinator-only server
 * that reaches the chain through AITBC_CHAIN_URL. Every test uses fresh keys.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EscrowIT {

    private static final String ADMIN = "escrow-it-admin";
    private static final long FEE = 1;
    private TestChain chain;
    private TestChain forgedChain;
    private LibertyServer node;
    private LibertyServer follower;
    private LibertyServer coordinator;
    private ForgedPeer peer;
    private ChainClient client;
    private SigningAccount bank;
    private int nextAccount = 1;

    @BeforeAll
    void start() {
        chain = TestChain.create("escrow", 1, 12);
        forgedChain = TestChain.create("escrow-reorg", 1, 2);
        node = LibertyServer.named("it-escrow-node").env(chain.authorityEnv(0))
                .env("DATABASE_URL", TestDatabase.create("escrow").url()).env("AITBC_MIN_FEE", "1")
                .env("AITBC_BLOCK_TIME_SECONDS", "1").env("ADMIN_API_KEYS", ADMIN).env("AITBC_ROLES", "node").create();
        peer = new ForgedPeer();
        follower = LibertyServer.named("it-escrow-follower").env(forgedChain.followerEnv())
                .env("AITBC_PEERS", peer.url()).env("AITBC_SYNC_INTERVAL_SECONDS", "1")
                .env("ADMIN_API_KEYS", ADMIN).env("AITBC_ROLES", "node").create();
        coordinator = LibertyServer.named("it-escrow-coordinator").env("AITBC_ROLES", "coordinator")
                .env("AITBC_CHAIN_URL", node.baseUrl()).create();
        LibertyServer.startAllAndAwaitReady(node, follower, coordinator);
        client = new ChainClient(node.baseUrl());
        bank = SigningAccount.remote(client, chain.account(0));
    }

    @AfterAll
    void stop() {
        node.stop();
        follower.stop();
        coordinator.stop();
        peer.stop();
    }

    // ---- helpers ----

    /** A funded account of the test chain no other test uses. */
    private synchronized SigningAccount funded() {
        return SigningAccount.remote(client, chain.account(nextAccount++));
    }

    /** A fresh key with {@code amount} on chain (so it can pay fees). */
    private SigningAccount freshWith(long amount) {
        SigningAccount fresh = SigningAccount.remote(client, Ed25519.generate());
        client.awaitIncluded(bank.transfer(fresh.address(), amount, FEE).hash(), Duration.ofSeconds(20));
        return fresh;
    }

    private long include(SignedTx tx) {
        return client.awaitIncluded(tx.hash(), Duration.ofSeconds(20));
    }

    private long balance(String address) {
        return client.balance(address).balance();
    }

    private EscrowState escrow(String id) {
        return client.escrow(id).orElseThrow(() -> new AssertionError("no escrow " + id));
    }

    private JsonObject signedReceipt(Ed25519.KeyPair signer) {
        return SignedReceipt.sign(Json.createObjectBuilder().add("version", "1.0")
                .add("receipt_id", "rcpt-" + System.nanoTime()).add("job_id", "job-" + System.nanoTime())
                .add("provider", "miner-1").add("status", "COMPLETED").add("units", 10).add("unit_price", 9)
                .add("price", 90).build(), signer);
    }

    /**
     * Sends {@code tx} and expects the refusal, and that it left no trace: not pending, not included, the sender's
     * balance and next nonce unchanged, the escrow it names unchanged.
     */
    private void assertRefused(SignedTx tx, int status, String error, String field) {
        var before = client.balance(tx.sender());
        String escrowId = tx.type().closesEscrow() && net.aitbc.chain.crypto.Hashes.isHash(tx.closedEscrowId())
                ? tx.closedEscrowId() : null;
        EscrowState escrowBefore = escrowId == null ? null : client.escrow(escrowId).orElse(null);
        Http.Response r = Http.post(node.url("/rpc/sendTx"), tx.toWire().toString());
        assertEquals(status, r.status(), r.toString());
        assertEquals(error, r.json().getString("error"), r.toString());
        assertEquals(field, r.json().getString("field", null), r.toString());
        assertEquals(404, Http.get(node.url("/rpc/tx/" + tx.hash())).status(), "a refused transaction is nowhere");
        var after = client.balance(tx.sender());
        assertEquals(before.balance(), after.balance(), "balance unchanged");
        assertEquals(before.nextNonce(), after.nextNonce(), "no nonce used");
        if (escrowId != null) {
            assertEquals(escrowBefore, client.escrow(escrowId).orElse(null), "escrow unchanged");
        }
    }

    private static SignedTx sign(Ed25519.KeyPair key, String chainId, long nonce, TxType type, JsonObject payload) {
        return SignedTx.sign(chainId, type, nonce, FEE, payload, key);
    }

    private long nextNonce(SigningAccount a) {
        return client.balance(a.address()).nextNonce();
    }

    // ---- the happy paths ----

    @Test
    void lockThenSettleWithAReceiptPaysEveryoneExactly() {
        SigningAccount payer = funded();
        SigningAccount arbiter = freshWith(100);
        String miner = Ed25519.generate().address();
        long payerBefore = balance(payer.address());
        long expires = client.height() + 100;

        SignedTx lock = payer.lock(10_000, arbiter.address(), expires, "job-42", FEE);
        long lockHeight = include(lock);
        EscrowState open = escrow(lock.hash());
        assertEquals(EscrowState.Status.OPEN, open.status());
        assertEquals(payer.address(), open.payer());
        assertEquals(arbiter.address(), open.arbiter());
        assertEquals(10_000, open.amount());
        assertEquals("job-42", open.reference());
        assertEquals(expires, open.expiresAtHeight());
        assertEquals(lockHeight, open.lockHeight());
        assertEquals(payerBefore - 10_000 - FEE, balance(payer.address()), "the lock takes amount + fee");
        for (String party : List.of(payer.address(), arbiter.address())) {
            JsonObject view = Http.get(node.url("/rpc/address/" + party)).json();
            assertTrue(view.getJsonArray("escrows").getValuesAs(JsonObject.class).stream()
                    .anyMatch(e -> e.getString("escrow_id").equals(lock.hash())), "open escrow in the address view");
        }
        JsonObject listed = Http.get(node.url("/rpc/escrows?arbiter=" + arbiter.address() + "&status=open")).json();
        assertEquals(1, listed.getInt("total"), listed.toString());

        // the claim and the settle naming its receipt go in back to back: the claim is still pending
        JsonObject receipt = signedReceipt(arbiter.key());
        String receiptId = receipt.getString("receipt_id");
        SignedTx claim = arbiter.send(TxType.RECEIPT_CLAIM, FEE, Json.createObjectBuilder().add("receipt", receipt).build());
        SignedTx settle = arbiter.settle(lock.hash(), List.of(new Payout(miner, 9_000),
                new Payout(arbiter.address(), 500), new Payout(payer.address(), 500)), receiptId, FEE);
        long settleHeight = include(settle);
        assertTrue(include(claim) <= settleHeight);

        EscrowState settled = escrow(lock.hash());
        assertEquals(EscrowState.Status.SETTLED, settled.status());
        assertEquals(settle.hash(), settled.closeTx());
        assertEquals(settleHeight, settled.closeHeight());
        assertEquals(receiptId, settled.receiptId());
        assertEquals(3, settled.payouts().size());
        assertEquals(9_000, balance(miner));
        assertEquals(payerBefore - 10_000 - FEE + 500, balance(payer.address()));
        assertEquals(100 - 2 * FEE + 500, balance(arbiter.address()), "the arbiter pays only its fees");
        JsonObject byReceipt = Http.get(node.url("/rpc/escrows?receipt_id=" + receiptId)).json();
        assertEquals(lock.hash(), byReceipt.getJsonArray("escrows").getJsonObject(0).getString("escrow_id"));
        JsonObject view = Http.get(node.url("/rpc/address/" + payer.address())).json();
        assertFalse(view.getJsonArray("escrows").getValuesAs(JsonObject.class).stream()
                .anyMatch(e -> e.getString("escrow_id").equals(lock.hash())), "a settled escrow is no longer open");

        // a second settle of the same escrow is refused and changes nothing
        SignedTx again = sign(arbiter.key(), client.chainId(), nextNonce(arbiter), TxType.ESCROW_SETTLE,
                EscrowPayload.settle(lock.hash(), List.of(new Payout(miner, 10_000)), null));
        assertRefused(again, 400, "escrow_closed", "payload.escrow_id");
    }

    @Test
    void manyEscrowsAreLookedUpInOneRequestWithoutChangingAnything() {
        SigningAccount payer = funded();
        SigningAccount arbiter = freshWith(100);
        long expires = client.height() + 100;
        SignedTx open = payer.lock(300, arbiter.address(), expires, "job-lookup-open", FEE);
        SignedTx closing = payer.lock(200, arbiter.address(), expires, "job-lookup-settled", FEE);
        include(open);
        include(closing);
        include(arbiter.settle(closing.hash(), List.of(new Payout(payer.address(), 200)), null, FEE));
        String unknown = "0x" + "ab".repeat(32);

        JsonObject found = Http.post(node.url("/rpc/escrows/lookup"), Json.createObjectBuilder().add("escrow_ids",
                Json.createArrayBuilder().add(open.hash()).add(closing.hash()).add(unknown)).build().toString()).json();
        assertEquals(2, found.getJsonArray("escrows").size(), found.toString());
        assertEquals(List.of(unknown), found.getJsonArray("missing").getValuesAs(jakarta.json.JsonString.class)
                .stream().map(jakarta.json.JsonString::getString).toList());
        var byId = client.escrows(List.of(open.hash(), closing.hash(), unknown));
        assertEquals(2, byId.size(), "the client library's map holds only the escrows the chain has");
        assertEquals(EscrowState.Status.OPEN, byId.get(open.hash()).status());
        assertEquals(300, byId.get(open.hash()).amount());
        assertEquals(EscrowState.Status.SETTLED, byId.get(closing.hash()).status());
        assertEquals(escrow(closing.hash()), byId.get(closing.hash()), "the same view as GET /rpc/escrow/{id}");

        for (String[] bad : new String[][] {{"{\"escrow_ids\": []}", "escrow_ids"},
                {"{\"escrow_ids\": [\"" + open.hash() + "\", \"0x12\"]}", "escrow_ids[1]"},
                {"{\"escrow_ids\": [7]}", "escrow_ids[0]"}, {"{}", "escrow_ids"}}) {
            Http.Response refused = Http.post(node.url("/rpc/escrows/lookup"), bad[0]);
            assertEquals(400, refused.status(), refused.toString());
            assertEquals("invalid_field", refused.json().getString("error"), refused.toString());
            assertEquals(bad[1], refused.json().getString("field"), refused.toString());
        }
        assertEquals(EscrowState.Status.OPEN, escrow(open.hash()).status(), "a lookup changes nothing");
    }

    @Test
    void payerReclaimsOnlyFromTheExpiryHeightOn() throws Exception {
        SigningAccount payer = funded();
        SigningAccount arbiter = freshWith(10);
        long payerBefore = balance(payer.address());
        long expires = client.height() + 4;
        SignedTx lock = payer.lock(777, arbiter.address(), expires, null, FEE);
        include(lock);
        String chainId = client.chainId();

        SignedTx early = sign(payer.key(), chainId, nextNonce(payer), TxType.ESCROW_RECLAIM,
                EscrowPayload.reclaim(lock.hash()));
        if (client.height() + 1 < expires) {
            assertRefused(early, 400, "escrow_not_expired", "payload.escrow_id");
        }
        SignedTx byOther = sign(arbiter.key(), chainId, nextNonce(arbiter), TxType.ESCROW_RECLAIM,
                EscrowPayload.reclaim(lock.hash()));
        assertRefused(byOther, 400, "not_payer", "sender");

        while (client.height() + 1 < expires) {
            // blocks come only with transactions: keep the chain moving
            include(bank.transfer(Ed25519.generate().address(), 1, FEE));
        }
        SignedTx reclaim = payer.reclaim(lock.hash(), FEE);
        long height = include(reclaim);
        assertTrue(height >= expires);
        EscrowState reclaimed = escrow(lock.hash());
        assertEquals(EscrowState.Status.RECLAIMED, reclaimed.status());
        assertEquals(reclaim.hash(), reclaimed.closeTx());
        assertEquals(payerBefore - 2 * FEE, balance(payer.address()), "the whole amount back, fees paid");
        JsonObject view = Http.get(node.url("/rpc/escrow/" + lock.hash())).json();
        assertEquals("ESCROW_RECLAIM", view.getString("closed_by"));

        SignedTx settleAfter = sign(arbiter.key(), chainId, nextNonce(arbiter), TxType.ESCROW_SETTLE,
                EscrowPayload.settle(lock.hash(), List.of(new Payout(arbiter.address(), 777)), null));
        assertRefused(settleAfter, 400, "escrow_closed", "payload.escrow_id");
    }

    // ---- every rejection rule ----

    @Test
    void everyEscrowRuleRefusesWithItsReasonAndLeavesNoTrace() {
        SigningAccount payer = funded();
        SigningAccount arbiter = freshWith(100);
        SigningAccount stranger = freshWith(100);
        String chainId = client.chainId();
        long expires = client.height() + 100;
        SignedTx lock = payer.lock(5_000, arbiter.address(), expires, "rules", FEE);
        include(lock);
        String id = lock.hash();
        String somebody = Ed25519.generate().address();

        // locks
        assertRefused(sign(payer.key(), chainId, nextNonce(payer), TxType.ESCROW_LOCK,
                EscrowPayload.lock(balance(payer.address()), arbiter.address(), expires, null)),
                400, "insufficient_balance", "payload.amount");
        assertRefused(sign(payer.key(), chainId, nextNonce(payer), TxType.ESCROW_LOCK,
                EscrowPayload.lock(10, payer.address(), expires, null)), 400, "invalid_field", "payload.arbiter");
        assertRefused(sign(payer.key(), chainId, nextNonce(payer), TxType.ESCROW_LOCK,
                EscrowPayload.lock(10, arbiter.address(), client.height() + 1, null)),
                400, "invalid_field", "payload.expires_at_height");
        assertRefused(sign(payer.key(), chainId, nextNonce(payer), TxType.ESCROW_LOCK,
                Json.createObjectBuilder().add("amount", 0).add("arbiter", arbiter.address())
                        .add("expires_at_height", expires).build()), 400, "invalid_field", "payload.amount");
        assertRefused(sign(payer.key(), chainId, nextNonce(payer), TxType.ESCROW_LOCK,
                EscrowPayload.lock(10, arbiter.address(), expires, "x".repeat(129))),
                400, "invalid_field", "payload.reference");
        assertRefused(sign(payer.key(), chainId, nextNonce(payer), TxType.ESCROW_LOCK,
                Json.createObjectBuilder().add("amount", 10).add("arbiter", "ait1nothex")
                        .add("expires_at_height", expires).build()), 400, "invalid_field", "payload.arbiter");

        // settles
        assertRefused(sign(stranger.key(), chainId, nextNonce(stranger), TxType.ESCROW_SETTLE,
                EscrowPayload.settle(id, List.of(new Payout(somebody, 5_000)), null)), 400, "not_arbiter", "sender");
        assertRefused(sign(arbiter.key(), chainId, nextNonce(arbiter), TxType.ESCROW_SETTLE,
                EscrowPayload.settle(id, List.of(new Payout(somebody, 4_999)), null)),
                400, "payouts_mismatch", "payload.payouts");
        assertRefused(sign(arbiter.key(), chainId, nextNonce(arbiter), TxType.ESCROW_SETTLE,
                EscrowPayload.settle(id, List.of(new Payout(somebody, 5_000), new Payout(payer.address(), 1)), null)),
                400, "payouts_mismatch", "payload.payouts");
        List<Payout> seventeen = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            seventeen.add(new Payout(somebody, i == 0 ? 5_000 - 16 : 1));
        }
        assertRefused(sign(arbiter.key(), chainId, nextNonce(arbiter), TxType.ESCROW_SETTLE,
                EscrowPayload.settle(id, seventeen, null)), 400, "invalid_field", "payload.payouts");
        assertRefused(sign(arbiter.key(), chainId, nextNonce(arbiter), TxType.ESCROW_SETTLE,
                EscrowPayload.settle(id, List.of(), null)), 400, "invalid_field", "payload.payouts");
        assertRefused(sign(arbiter.key(), chainId, nextNonce(arbiter), TxType.ESCROW_SETTLE,
                EscrowPayload.settle("0x" + "ab".repeat(32), List.of(new Payout(somebody, 5_000)), null)),
                400, "unknown_escrow", "payload.escrow_id");
        assertRefused(sign(arbiter.key(), chainId, nextNonce(arbiter), TxType.ESCROW_SETTLE,
                EscrowPayload.settle(id, List.of(new Payout(somebody, 5_000)), "rcpt-never-recorded")),
                400, "unknown_receipt", "payload.receipt_id");
        assertRefused(sign(arbiter.key(), chainId, nextNonce(arbiter), TxType.ESCROW_SETTLE,
                Json.createObjectBuilder().add("escrow_id", "0x1234").add("payouts", Json.createArrayBuilder()).build()),
                400, "invalid_field", "payload.escrow_id");
        JsonArrayBuilder negative = Json.createArrayBuilder().add(Json.createObjectBuilder()
                .add("recipient", somebody).add("amount", -5));
        assertRefused(sign(arbiter.key(), chainId, nextNonce(arbiter), TxType.ESCROW_SETTLE,
                Json.createObjectBuilder().add("escrow_id", id).add("payouts", negative).build()),
                400, "invalid_field", "payload.payouts");

        // reclaims
        assertRefused(sign(payer.key(), chainId, nextNonce(payer), TxType.ESCROW_RECLAIM, EscrowPayload.reclaim(id)),
                400, "escrow_not_expired", "payload.escrow_id");
        assertRefused(sign(stranger.key(), chainId, nextNonce(stranger), TxType.ESCROW_RECLAIM,
                EscrowPayload.reclaim(id)), 400, "not_payer", "sender");
        assertRefused(sign(payer.key(), chainId, nextNonce(payer), TxType.ESCROW_RECLAIM,
                EscrowPayload.reclaim("0x" + "cd".repeat(32))), 400, "unknown_escrow", "payload.escrow_id");

        // a pending settle makes a second one a refusal at admission
        SignedTx first = arbiter.settle(id, List.of(new Payout(somebody, 5_000)), null, FEE);
        SignedTx second = sign(arbiter.key(), chainId, first.nonce() + 1, TxType.ESCROW_SETTLE,
                EscrowPayload.settle(id, List.of(new Payout(payer.address(), 5_000)), null));
        Http.Response r = Http.post(node.url("/rpc/sendTx"), second.toWire().toString());
        assertEquals(400, r.status(), r.toString());
        assertEquals("escrow_closed", r.json().getString("error"));
        include(first);
        assertEquals(5_000, balance(somebody), "only the first settle paid");
        assertEquals(first.hash(), escrow(id).closeTx());
        assertEquals(404, Http.get(node.url("/rpc/tx/" + second.hash())).status(), "the second settle is nowhere");

        // the RPC's own refusals
        assertEquals(404, Http.get(node.url("/rpc/escrow/0x" + "ef".repeat(32))).status());
        Http.Response badStatus = Http.get(node.url("/rpc/escrows?status=maybe"));
        assertEquals(400, badStatus.status(), badStatus.toString());
        assertEquals("status", badStatus.json().getString("field"));
    }

    // ---- money ----

    @Test
    void supplyIsConservedOverARandomMixOfTransfersLocksSettlesReclaimsAndMints() {
        Random random = new Random(7);
        List<SigningAccount> wallets = List.of(funded(), funded(), funded());
        SigningAccount arbiter = freshWith(1_000);
        List<String> open = new ArrayList<>();
        long minted = 0;
        for (int round = 0; round < 4; round++) {
            List<SignedTx> sent = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                SigningAccount from = wallets.get(random.nextInt(wallets.size()));
                long amount = 1 + random.nextInt(50_000);
                if (random.nextBoolean()) {
                    sent.add(from.transfer(wallets.get(random.nextInt(wallets.size())).address(), amount, FEE));
                } else {
                    // far enough ahead that the lock is still valid when its block comes
                    SignedTx lock = from.lock(amount, arbiter.address(), client.height() + 5 + random.nextInt(3),
                            "mix-" + round, FEE);
                    sent.add(lock);
                    open.add(lock.hash());
                }
            }
            long amt = 1 + random.nextInt(1_000);
            JsonObject mint = client.post("/rpc/admin/mintFaucet", Json.createObjectBuilder()
                    .add("address", Ed25519.generate().address()).add("amount", amt).build(), "X-Api-Key", ADMIN);
            minted += amt;
            sent.forEach(this::include);
            client.awaitIncluded(mint.getString("tx_hash"), Duration.ofSeconds(20));
            // close about half of the open escrows: settles by the arbiter, reclaims by payers once expired
            for (String id : new ArrayList<>(open)) {
                EscrowState e = escrow(id);
                if (random.nextBoolean()) {
                    long toMiner = random.nextInt((int) e.amount() + 1);
                    include(arbiter.settle(id, List.of(new Payout(Ed25519.generate().address(), toMiner),
                            new Payout(e.payer(), e.amount() - toMiner)), null, FEE));
                    open.remove(id);
                } else if (client.height() + 1 >= e.expiresAtHeight()) {
                    SigningAccount payer = wallets.stream().filter(w -> w.address().equals(e.payer())).findFirst()
                            .orElseThrow();
                    include(payer.reclaim(id, FEE));
                    open.remove(id);
                }
            }
        }
        long balances = 0;
        for (int offset = 0; ; offset += 100) {
            JsonObject page = Http.get(node.url("/rpc/addresses?limit=100&offset=" + offset)).json();
            for (JsonObject a : page.getJsonArray("addresses").getValuesAs(JsonObject.class)) {
                balances += a.getJsonNumber("balance").longValue();
            }
            if (page.getJsonArray("addresses").size() < 100) {
                break;
            }
        }
        long inEscrow = 0;
        for (int offset = 0; ; offset += 100) {
            JsonObject page = Http.get(node.url("/rpc/escrows?status=OPEN&limit=100&offset=" + offset)).json();
            for (JsonObject e : page.getJsonArray("escrows").getValuesAs(JsonObject.class)) {
                inEscrow += e.getJsonNumber("amount").longValue();
            }
            if (page.getJsonArray("escrows").size() < 100) {
                break;
            }
        }
        JsonObject verify = client.post("/rpc/admin/verifyChain", JsonObject.EMPTY_JSON_OBJECT, "X-Api-Key", ADMIN);
        assertTrue(verify.getBoolean("valid"), verify.toString());
        assertEquals(chain.genesisSupply(), verify.getJsonNumber("genesis_supply").longValue());
        long allMinted = verify.getJsonNumber("minted").longValue();
        assertTrue(allMinted >= minted, "this test's mints are among the chain's");
        assertEquals(verify.getJsonNumber("open_escrows").longValue(), inEscrow, "the open escrows the RPC lists");
        assertEquals(chain.genesisSupply() + allMinted, balances + inEscrow,
                "balances + open escrows = genesis + mints");
    }

    // ---- reorganisation ----

    /**
     * The follower imports branch X (lock, then settle) and then syncs a longer branch Y that forks after the lock
     * from its peer (this test, serving the peer RPC with forged, validly signed blocks): the settle is undone, the
     * escrow is open again, the payouts are taken back, and the chain verifies.
     */
    @Test
    void aReorganisationUndoesASettle() {
        Genesis genesis = Genesis.parse(readGenesis(forgedChain));
        Ed25519.KeyPair authority = forgedChain.authority(0);
        Ed25519.KeyPair payer = forgedChain.account(0);
        Ed25519.KeyPair arbiter = forgedChain.account(1);
        String miner = Ed25519.generate().address();
        long t = System.currentTimeMillis() - 60_000;

        BlockForge x = BlockForge.fromGenesis(genesis);
        SignedTx lock = x.signed(payer, TxType.ESCROW_LOCK, 0, EscrowPayload.lock(40_000, arbiter.address(), 50, "job-x"));
        assertEquals(200, importBlock(x.next(List.of(lock), authority, t += 1000)).status());
        BlockForge y = x.fork();
        SignedTx settle = x.signed(arbiter, TxType.ESCROW_SETTLE, 0,
                EscrowPayload.settle(lock.hash(), List.of(new Payout(miner, 40_000)), null));
        assertEquals(200, importBlock(x.next(List.of(settle), authority, t += 1000)).status());
        ChainClient f = new ChainClient(follower.baseUrl());
        assertEquals(EscrowState.Status.SETTLED, f.escrow(lock.hash()).orElseThrow().status());
        assertEquals(40_000, f.balance(miner).balance());

        String sink = Ed25519.generate().address();
        for (int i = 0; i < 2; i++) {
            y.next(List.of(y.transfer(payer, sink, 10, 0)), authority, t += 1000);
        }
        peer.serve(y);
        awaitHead(f, y.head().hash());
        assertEquals(3, f.height());
        EscrowState reopened = f.escrow(lock.hash()).orElseThrow();
        assertEquals(EscrowState.Status.OPEN, reopened.status(), "the settle was undone");
        assertEquals(null, reopened.closeTx());
        assertEquals(0, f.balance(miner).balance(), "the payout was taken back");
        assertEquals(TestChain.FUNDS - 40_000 - 20, f.balance(payer.address()).balance());
        assertEquals(1, f.balance(arbiter.address()).nextNonce(), "the undone settle is pending again");
        JsonObject verify = f.post("/rpc/admin/verifyChain", JsonObject.EMPTY_JSON_OBJECT, "X-Api-Key", ADMIN);
        assertTrue(verify.getBoolean("valid"), verify.toString());
        assertEquals(40_000, verify.getJsonNumber("open_escrows").longValue());
    }

    private static void awaitHead(ChainClient c, String hash) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!hash.equals(c.head().getString("hash"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the follower did not reorganise onto " + hash + ": "
                        + c.get("/rpc/syncStatus"));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private Http.Response importBlock(JsonObject block) {
        return Http.post(follower.url("/rpc/importBlock"), block.toString());
    }

    private static JsonObject readGenesis(TestChain c) {
        try (var reader = Json.createReader(java.nio.file.Files.newBufferedReader(c.genesisFile()))) {
            return reader.readObject();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---- the chain from a server that is not a node ----

    @Test
    void aCoordinatorWithoutTheNodeRoleReachesTheChainThroughItsUrl() {
        JsonObject health = Http.get(coordinator.url("/v1/health")).json();
        JsonObject chainStatus = health.getJsonObject("chain");
        assertEquals(node.baseUrl(), chainStatus.getString("url"));
        assertTrue(chainStatus.getBoolean("reachable"), health.toString());
        assertEquals(chain.chainId(), chainStatus.getString("chain_id"));
        JsonObject ready = Http.get(coordinator.url("/health/ready")).json();
        assertTrue(ready.toString().contains("\"chain\""), ready.toString());
        assertEquals(404, Http.get(coordinator.url("/rpc/head")).status(), "its own /rpc is off: not a node");
    }
}
