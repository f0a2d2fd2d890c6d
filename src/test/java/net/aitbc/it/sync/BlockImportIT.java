package net.aitbc.it.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.crypto.Hashes;
import net.aitbc.chain.protocol.BlockHeader;
import net.aitbc.chain.protocol.Genesis;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.Timestamps;
import net.aitbc.testing.BlockForge;
import net.aitbc.testing.Http;
import net.aitbc.testing.TestChain;
import net.aitbc.testing.TestDatabase;
import net.aitbc.testing.cluster.LibertyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Block import and reorganisation on two follower nodes (no producing): "left" syncs from "right" every second
 * and allows reorganisations of at most 2 blocks. Branches are forged with the test chain's authority key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BlockImportIT {

    private TestChain chain;
    private Genesis genesis;
    private LibertyServer left;
    private LibertyServer right;
    private long clock = System.currentTimeMillis() - 600_000;

    @BeforeAll
    void start() throws Exception {
        chain = TestChain.create("import", 1, 3);
        genesis = Genesis.parse(Json.createReader(java.nio.file.Files.newBufferedReader(chain.genesisFile())).readObject());
        right = LibertyServer.named("it-import-right").env(chain.followerEnv()).env("AITBC_ROLES", "node").create();
        left = LibertyServer.named("it-import-left").env(chain.followerEnv()).env("AITBC_ROLES", "node")
                .env("DATABASE_URL", TestDatabase.create("importleft").url())
                .env("AITBC_PEERS", right.baseUrl()).env("AITBC_SYNC_INTERVAL_SECONDS", "1")
                .env("AITBC_MAX_REORG_DEPTH", "2").create();
        LibertyServer.startAllAndAwaitReady(left, right);
    }

    @AfterAll
    void stop() {
        left.stop();
        right.stop();
    }

    private long tick() {
        clock += 3000;
        return clock;
    }

    private Http.Response post(LibertyServer s, JsonObject block) {
        return Http.post(s.url("/rpc/importBlock"), block.toString());
    }

    private String headHash(LibertyServer s) {
        return Http.get(s.url("/rpc/head")).json().getString("hash");
    }

    private void awaitSameHead(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!headHash(left).equals(headHash(right))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("heads differ: left " + Http.get(left.url("/rpc/head")).body() + " right "
                        + Http.get(right.url("/rpc/head")).body() + " sync " + Http.get(left.url("/rpc/syncStatus")).body());
            }
            Thread.sleep(200);
        }
    }

    @Test
    void importRejectsTamperedBlocksAndChangesNothing_thenReorganisesWithinTheLimit_andRefusesBeyondIt()
            throws Exception {
        Ed25519.KeyPair authority = chain.authority(0);
        Ed25519.KeyPair a = chain.account(0);
        Ed25519.KeyPair b = chain.account(1);
        String sink = Ed25519.generate().address();

        // left's own branch X: two blocks of transfers by a
        BlockForge x = BlockForge.fromGenesis(genesis);
        BlockForge y = x.fork();
        for (int i = 0; i < 2; i++) {
            JsonObject block = x.next(List.of(x.transfer(a, sink, 100, 1)), authority, tick());
            assertEquals(200, post(left, block).status());
        }
        String leftHead = headHash(left);

        // tampered copies of a valid next block are refused with their reason and change nothing
        BlockForge probe = x.fork();
        JsonObject valid = probe.next(List.of(probe.transfer(a, sink, 5, 1)), authority, tick());
        BlockHeader h = BlockForge.fromGenesis(genesis).head(); // for types only
        String otherSig = Hashes.hex(Ed25519.generate().sign(Hashes.parseHash(valid.getString("hash"))));
        Ed25519.KeyPair stranger = Ed25519.generate();
        Object[][] cases = {
            {BlockForge.altered(valid, o -> o.add("signature", otherSig)), "signature", "invalid_block"},
            {BlockForge.altered(valid, o -> o.add("state_root", "0x" + "11".repeat(32))), "hash", "invalid_block"},
            {BlockForge.altered(valid, o -> o.add("parent_hash", "0x" + "22".repeat(32))), "parent", "unknown_parent"},
            {forgedBy(x, stranger, a, sink), "not an authority", "invalid_block"},
            {withWrongStateRoot(x, authority, a, sink), "state_root", "invalid_block"},
            {withBadTransaction(valid), "transaction", "invalid_block"},
        };
        for (Object[] c : cases) {
            Http.Response r = post(left, (JsonObject) c[0]);
            assertTrue(r.status() == 400 || r.status() == 409, r.toString());
            assertFalse(r.json().getBoolean("accepted"), r.toString());
            assertTrue(r.json().getString("reason").contains((String) c[1]), c[1] + " -> " + r);
            assertEquals(c[2], r.json().getString("refusal"), "the refusal is typed: " + r);
            assertEquals(((String) c[2]).equals("unknown_parent") ? 409 : 400, r.status(), r.toString());
            assertEquals(leftHead, headHash(left), "a refused block changes nothing");
        }
        // the same block again is known; an altered copy of a known block (same hash) is refused
        JsonObject known = x.blocks().get(1);
        Http.Response again = post(left, known);
        assertEquals(200, again.status(), again.toString());
        assertEquals("known", again.json().getString("reason"));
        Http.Response alteredKnown = post(left, BlockForge.altered(known, o -> o.add("signature", otherSig)));
        assertFalse(alteredKnown.json().getBoolean("accepted"), alteredKnown.toString());

        // right gets branch Y from genesis: three blocks by b; left reorganises onto it (depth 2 <= 2)
        for (int i = 0; i < 3; i++) {
            assertEquals(200, post(right, y.next(List.of(y.transfer(b, sink, 7, 1)), authority, tick())).status());
        }
        awaitSameHead(Duration.ofSeconds(30));
        ChainClient leftClient = new ChainClient(left.baseUrl());
        assertEquals(3, leftClient.height());
        assertEquals(TestChain.FUNDS, leftClient.balance(a.address()).balance(), "branch X undone");
        assertEquals(TestChain.FUNDS - 3 * 8, leftClient.balance(b.address()).balance(), "branch Y applied");
        assertEquals(2, leftClient.balance(a.address()).nextNonce(), "X's transfers back in the mempool");

        // left grows Y by three blocks of its own, right by five: a fork 3 deep, beyond left's limit of 2
        BlockForge leftY = y.fork();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, post(left, leftY.next(List.of(leftY.transfer(b, sink, 9, 1)), authority, tick())).status());
        }
        String leftTip = headHash(left);
        for (int i = 0; i < 5; i++) {
            assertEquals(200, post(right, y.next(List.of(y.transfer(b, sink, 11, 1)), authority, tick())).status());
        }
        Thread.sleep(4000);
        assertEquals(leftTip, headHash(left), "a deeper reorganisation is refused");
        JsonObject peer = Http.get(left.url("/rpc/syncStatus")).json().getJsonArray("peers").getJsonObject(0);
        assertTrue(peer.getString("last_error", "").contains("deeper than max_reorg_depth"), peer.toString());
        assertEquals(2, peer.getJsonNumber("lag").longValue(), peer.toString());
    }

    private JsonObject forgedBy(BlockForge base, Ed25519.KeyPair proposer, Ed25519.KeyPair from, String to) {
        BlockForge f = base.fork();
        return f.next(List.of(f.transfer(from, to, 5, 1)), proposer, tick());
    }

    private JsonObject withWrongStateRoot(BlockForge base, Ed25519.KeyPair authority, Ed25519.KeyPair from, String to) {
        BlockForge f = base.fork();
        SignedTx tx = f.transfer(from, to, 5, 1);
        BlockHeader wrong = BlockHeader.seal(genesis.chainId(), f.head().height() + 1, f.head().hash(), tick(), 1,
                net.aitbc.chain.crypto.MerkleRoot.of(List.of(tx.hash())), "0x" + "33".repeat(32), authority);
        return BlockForge.toJson(wrong, List.of(tx));
    }

    private JsonObject withBadTransaction(JsonObject valid) {
        JsonObject tx = valid.getJsonArray("transactions").getJsonObject(0);
        String sig = tx.getString("sig");
        JsonObject bad = Json.createObjectBuilder(tx).add("sig", (sig.charAt(0) == 'a' ? "b" : "a") + sig.substring(1)).build();
        return BlockForge.altered(valid, o -> o.add("transactions", Json.createArrayBuilder().add(bad)));
    }

    static String time(long millis) {
        return Timestamps.format(millis);
    }
}
