package net.aitbc.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.WebSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.protocol.SignedReceipt;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxType;
import net.aitbc.testing.Http;
import net.aitbc.testing.TestChain;
import net.aitbc.testing.TestDatabase;
import net.aitbc.testing.cluster.LibertyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One authority node on PostgreSQL (min fee 1, 1 s blocks) and one follower on the embedded database with a
 * tiny mempool, driven through HTTP only: every rejection rule, the compatibility paths, receipts, the live
 * streams and money conservation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChainNodeIT {

    private static final String ADMIN = "chain-it-admin-key";
    private LibertyServer node;
    private LibertyServer follower;
    private TestChain chain;
    private TestDatabase.Database db;
    private ChainClient client;

    @BeforeAll
    void start() {
        chain = TestChain.create("node", 1, 13);
        db = TestDatabase.create("chainnode");
        node = LibertyServer.named("it-chain-node").env(chain.authorityEnv(0)).env("DATABASE_URL", db.url())
                .env("AITBC_MIN_FEE", "1").env("AITBC_BLOCK_TIME_SECONDS", "1").env("ADMIN_API_KEYS", ADMIN)
                .env("AITBC_ROLES", "node").create();
        follower = LibertyServer.named("it-chain-follower").env(chain.followerEnv())
                .env("AITBC_MEMPOOL_MAX_SIZE", "3").env("ADMIN_API_KEYS", ADMIN).env("AITBC_ROLES", "node").create();
        LibertyServer.startAllAndAwaitReady(node, follower);
        client = new ChainClient(node.baseUrl());
    }

    @AfterAll
    void stop() {
        node.stop();
        follower.stop();
    }

    // ---- helpers ----

    private Http.Response send(JsonObject body) {
        return Http.post(node.url("/rpc/sendTx"), body.toString());
    }

    private SignedTx transfer(Ed25519.KeyPair from, long nonce, String to, long amount, long fee) {
        return client.signTransfer(from, nonce, to, amount, fee);
    }

    private static JsonObject with(JsonObject o, String field, JsonValue value) {
        JsonObjectBuilder b = Json.createObjectBuilder(o);
        if (value == null) {
            b.remove(field);
        } else {
            b.add(field, value);
        }
        return b.build();
    }

    /** Asserts a refusal with its status, error code and named field, and that it left no trace. */
    private void assertRejected(JsonObject body, int status, String error, String field) {
        long mempoolBefore = Http.get(node.url("/rpc/mempool")).json().getJsonNumber("size").longValue();
        Http.Response r = send(body);
        assertEquals(status, r.status(), r.toString());
        assertEquals(error, r.json().getString("error"), r.toString());
        if (field != null) {
            assertEquals(field, r.json().getString("field"), r.toString());
        }
        long mempoolAfter = Http.get(node.url("/rpc/mempool")).json().getJsonNumber("size").longValue();
        assertTrue(mempoolAfter <= mempoolBefore, "a rejected transaction is not in the mempool");
        JsonValue sender = body.get("sender");
        if (!error.equals("duplicate") && sender instanceof jakarta.json.JsonString s
                && s.getString().startsWith("ait1") && s.getString().length() == 44) {
            Http.Response pending = Http.get(node.url("/rpc/address/" + s.getString()));
            for (JsonValue p : pending.json().getJsonArray("pending")) {
                assertFalse(p.asJsonObject().getString("sig").equals(body.getString("sig", "")),
                        "rejected transaction left in the mempool");
            }
        }
    }

    private Ed25519.KeyPair fresh() {
        return Ed25519.generate();
    }

    // ---- the happy path ----

    @Test
    void theNewestPagesFollowEveryBlock() {
        // the explorer's first pages are built once per head: asked for before a block, they must not outlive it
        Ed25519.KeyPair from = chain.account(12);
        JsonObject txsBefore = Http.get(node.url("/rpc/transactions?limit=5")).json();
        JsonObject blocksBefore = Http.get(node.url("/rpc/blocks?limit=5")).json();
        assertEquals(txsBefore, Http.get(node.url("/rpc/transactions?limit=5")).json(), "same head, same page");
        SignedTx tx = transfer(from, client.balance(from.address()).nextNonce(), fresh().address(), 5, 1);
        assertEquals(200, send(tx.toWire()).status());
        long height = client.awaitIncluded(tx.hash(), Duration.ofSeconds(20));
        JsonObject txs = Http.get(node.url("/rpc/transactions?limit=5")).json();
        assertTrue(txs.getJsonArray("transactions").stream().anyMatch(t -> t.asJsonObject().getString("tx_hash")
                .equals(tx.hash())), "the new block's transaction is on the first page: " + txs);
        assertTrue(txs.getJsonNumber("total").longValue() > txsBefore.getJsonNumber("total").longValue());
        JsonObject blocks = Http.get(node.url("/rpc/blocks?limit=5")).json();
        assertTrue(blocks.getJsonArray("blocks").getJsonObject(0).getJsonNumber("height").longValue() >= height,
                blocks.toString());
        assertTrue(blocks.getJsonNumber("total").longValue() > blocksBefore.getJsonNumber("total").longValue());
        // the gzipped copy a browser gets is the same page
        Http.Response gzipped = Http.get(node.url("/rpc/transactions?limit=5"), "Accept-Encoding", "gzip");
        assertEquals("gzip", gzipped.header("Content-Encoding"), gzipped.toString());
    }

    @Test
    void aBatchIsAdmittedInOrderAndARefusalInItLeavesNoTrace() {
        Ed25519.KeyPair from = chain.account(10);
        long nonce = client.balance(from.address()).nextNonce();
        String a = fresh().address();
        SignedTx first = transfer(from, nonce, a, 10, 1);
        SignedTx second = transfer(from, nonce + 1, a, 20, 1);
        SignedTx tooMuch = transfer(from, nonce + 2, a, TestChain.FUNDS * 2, 1);
        SignedTx gap = transfer(from, nonce + 3, a, 30, 1); // behind the refused one: its nonce is not next
        JsonObject body = Json.createObjectBuilder().add("transactions", Json.createArrayBuilder()
                .add(first.toWire()).add(second.toWire()).add(tooMuch.toWire()).add(gap.toWire())).build();
        Http.Response r = Http.post(node.url("/rpc/sendTxs"), body.toString());
        assertEquals(200, r.status(), r.toString());
        var results = r.json().getJsonArray("results").getValuesAs(JsonObject.class);
        assertEquals(2, r.json().getInt("accepted"));
        assertTrue(results.get(0).getBoolean("accepted") && results.get(1).getBoolean("accepted"));
        assertEquals("insufficient_balance", results.get(2).getString("error"));
        assertEquals("bad_nonce", results.get(3).getString("error"));
        assertEquals(first.hash(), results.get(0).getString("tx_hash"));
        client.awaitIncluded(second.hash(), Duration.ofSeconds(20));
        assertEquals(30, client.balance(a).balance());
        assertEquals(404, Http.get(node.url("/rpc/tx/" + tooMuch.hash())).status(), "a refused one leaves no trace");
        assertEquals(404, Http.get(node.url("/rpc/tx/" + gap.hash())).status());
        assertEquals(nonce + 2, client.balance(from.address()).nextNonce());

        // signed from a stale nonce: the first is refused, and the second, whose nonce is free by chance, is not
        // admitted behind it (the client signs both again, so admitting it would send its operation twice)
        SignedTx stale = transfer(from, nonce + 1, a, 1, 1);
        SignedTx aligned = transfer(from, nonce + 2, a, 2, 1);
        Http.Response behind = Http.post(node.url("/rpc/sendTxs"), Json.createObjectBuilder().add("transactions",
                Json.createArrayBuilder().add(stale.toWire()).add(aligned.toWire())).build().toString());
        assertEquals(200, behind.status(), behind.toString());
        assertEquals(0, behind.json().getInt("accepted"), behind.toString());
        var behindResults = behind.json().getJsonArray("results").getValuesAs(JsonObject.class);
        assertEquals("bad_nonce", behindResults.get(0).getString("error"));
        assertEquals("bad_nonce", behindResults.get(1).getString("error"));
        assertTrue(behindResults.get(1).getString("detail").contains("follows a refused"), behind.toString());
        assertEquals(nonce + 2, client.balance(from.address()).nextNonce());

        JsonObject mixed = Json.createObjectBuilder().add("transactions", Json.createArrayBuilder()
                .add(transfer(from, nonce + 2, a, 1, 1).toWire()).add(transfer(chain.account(11), 0, a, 1, 1).toWire()))
                .build();
        Http.Response refused = Http.post(node.url("/rpc/sendTxs"), mixed.toString());
        assertEquals(400, refused.status(), refused.toString());
        assertEquals("transactions[1].sender", refused.json().getString("field"));
        assertEquals(nonce + 2, client.balance(from.address()).nextNonce(), "a refused batch admits nothing");
    }


    @Test
    void transferIsIncludedAndMovesExactlyAmountAndFee() {
        Ed25519.KeyPair from = chain.account(0);
        String to = fresh().address();
        long proposerBefore = client.balance(chain.authority(0).address()).balance();
        String hash = client.transfer(from, to, 12_345, 7);
        long height = client.awaitIncluded(hash, Duration.ofSeconds(20));
        assertEquals(TestChain.FUNDS - 12_345 - 7, client.balance(from.address()).balance());
        assertEquals(12_345, client.balance(to).balance());
        assertTrue(client.balance(chain.authority(0).address()).balance() >= proposerBefore + 7, "fee to proposer");

        JsonObject block = Http.get(node.url("/rpc/blocks/" + height)).json();
        assertEquals(chain.authority(0).address(), block.getString("proposer"));
        assertTrue(block.getJsonArray("transactions").getValuesAs(JsonObject.class).stream()
                .anyMatch(t -> t.getString("tx_hash").equals(hash)));
        JsonObject tx = client.tx(hash);
        assertEquals("included", tx.getString("status"));
        assertEquals(to, tx.getString("recipient"));
    }

    @Test
    void integralAmountWrittenAsDecimalIsAccepted() {
        Ed25519.KeyPair from = chain.account(1);
        SignedTx tx = SignedTx.sign(client.chainId(), TxType.TRANSFER, client.balance(from.address()).nextNonce(), 1,
                Json.createObjectBuilder().add("recipient", fresh().address())
                        .add("amount", Json.createValue(new java.math.BigDecimal("10.0"))).build(), from);
        Http.Response r = send(tx.toWire());
        assertEquals(200, r.status(), r.toString());
        assertEquals(tx.hash(), r.json().getString("tx_hash"));
    }

    // ---- every rejection rule, by HTTP ----

    @Test
    void malformedJsonIs400() {
        Http.Response r = Http.post(node.url("/rpc/sendTx"), "{\"type\": \"TRANSFER\", ");
        assertEquals(400, r.status(), r.toString());
        assertEquals("malformed_json", r.json().getString("error"));
    }

    @Test
    void hostileBodiesAre400NotServerErrors() {
        String deep = "[".repeat(20_000) + "]".repeat(20_000);
        String deepObject = "{\"a\":".repeat(20_000) + "1" + "}".repeat(20_000);
        String[][] cases = {
            {"[1, 2, 3]", "an array"},
            {"\"a string\"", "a string"},
            {"42", "a number"},
            {deep, "deeper than"},
            {deepObject, "deeper than"},
            {"{\"payload\": " + "[".repeat(100) + "]".repeat(100) + "}", "deeper than"},
        };
        for (String path : List.of("/rpc/sendTx", "/rpc/transactions", "/rpc/importBlock", "/rpc/estimateFee")) {
            for (String[] c : cases) {
                Http.Response r = Http.post(node.url(path), c[0]);
                assertEquals(400, r.status(), path + " " + c[1] + ": " + r);
                assertEquals("malformed_json", r.json().getString("error"), r.toString());
                assertTrue(r.json().getString("detail").contains(c[1]), r.toString());
                assertNotNull(r.json().getString("request_id", null), r.toString());
            }
        }
    }

    @Test
    void ordinaryRefusalsWriteNoIncidentFiles() throws Exception {
        java.nio.file.Path ffdc = node.directory().resolve("logs/ffdc");
        long before = countFiles(ffdc);
        Ed25519.KeyPair from = chain.account(9);
        long next = client.balance(from.address()).nextNonce();
        SignedTx wrongNonce = transfer(from, next + 5, fresh().address(), 1, 1);
        SignedTx overdraft = transfer(fresh(), 0, fresh().address(), 1, 1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            JsonObject body = (i % 2 == 0 ? wrongNonce : overdraft).toWire();
            statuses.add(pool.submit(() -> send(body).status()));
        }
        for (var f : statuses) {
            assertEquals(400, f.get());
        }
        pool.shutdown();
        Thread.sleep(1000); // FFDC files are written asynchronously
        assertEquals(before, countFiles(ffdc), "1,000 refusals wrote incident files: " + listFiles(ffdc));
    }

    private static long countFiles(java.nio.file.Path dir) throws java.io.IOException {
        if (!java.nio.file.Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = java.nio.file.Files.list(dir)) {
            return files.count();
        }
    }

    private static String listFiles(java.nio.file.Path dir) throws java.io.IOException {
        if (!java.nio.file.Files.isDirectory(dir)) {
            return "[]";
        }
        try (var files = java.nio.file.Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList().toString();
        }
    }

    @Test
    void blockByHashIsTheBlockAtItsHeight() {
        String hash = client.transfer(chain.account(8), fresh().address(), 3, 1);
        long height = client.awaitIncluded(hash, Duration.ofSeconds(20));
        JsonObject byHeight = Http.get(node.url("/rpc/blocks/" + height)).json();
        Http.Response byHash = Http.get(node.url("/rpc/blocks/by-hash/" + byHeight.getString("hash").toUpperCase()
                .replace("0X", "0x")));
        assertEquals(200, byHash.status(), byHash.toString());
        assertEquals(byHeight, byHash.json());
        assertEquals(404, Http.get(node.url("/rpc/blocks/by-hash/0x" + "ab".repeat(32))).status());
    }

    @Test
    void aClientThatAcceptsGzipGetsTheSameBlockCompressed() throws Exception {
        java.util.Map<Long, Integer> perBlock = new java.util.HashMap<>();
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            hashes.add(client.transfer(chain.account(7), fresh().address(), 2, 1));
        }
        for (String h : hashes) {
            perBlock.merge(client.awaitIncluded(h, Duration.ofSeconds(20)), 1, Integer::sum);
        }
        long height = perBlock.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
        Http.Response plain = Http.get(node.url("/rpc/blocks/" + height));
        assertTrue(plain.body().length() >= 2048, "a block big enough to compress: " + perBlock);
        java.net.http.HttpResponse<byte[]> gz = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(node.url("/rpc/blocks/" + height))).header("Accept-Encoding", "gzip").build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, gz.statusCode());
        assertEquals("gzip", gz.headers().firstValue("Content-Encoding").orElse(""));
        assertTrue(gz.body().length < plain.body().length(), "compressed");
        try (var in = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
            assertEquals(plain.json(), Json.createReader(in).readObject());
        }
        Http.Response malformed = Http.get(node.url("/rpc/blocks/by-hash/0x1234"));
        assertEquals(400, malformed.status(), malformed.toString());
        assertEquals("hash", malformed.json().getString("field"));
    }

    @Test
    void missingAndMistypedFieldsAre400NamingTheField() {
        JsonObject good = transfer(chain.account(2), 0, fresh().address(), 5, 1).toWire();
        assertRejected(with(good, "fee", null), 400, "invalid_field", "fee");
        assertRejected(with(good, "nonce", Json.createValue("0")), 400, "invalid_field", "nonce");
        assertRejected(with(good, "payload", Json.createValue("x")), 400, "invalid_field", "payload");
        assertRejected(with(good, "sender", Json.createValue("ait1xyz")), 400, "invalid_field", "sender");
    }

    @Test
    void outOfRangeNumbersAre400NamingTheField() {
        Ed25519.KeyPair from = chain.account(2);
        String to = fresh().address();
        for (String amount : new String[] {"-5", "1.5", "9007199254740992"}) {
            JsonObject payload = Json.createObjectBuilder().add("recipient", to)
                    .add("amount", Json.createValue(new java.math.BigDecimal(amount))).build();
            JsonObject body = with(transfer(from, 0, to, 5, 1).toWire(), "payload", payload);
            assertRejected(body, 400, "invalid_field", "payload.amount");
        }
        JsonObject good = transfer(from, 0, to, 5, 1).toWire();
        assertRejected(with(good, "fee", Json.createValue(new java.math.BigDecimal("9007199254740992"))),
                400, "invalid_field", "fee");
    }

    @Test
    void unknownTypeForeignChainAndUnsignedAreRefused() {
        JsonObject good = transfer(chain.account(2), 0, fresh().address(), 5, 1).toWire();
        assertRejected(with(good, "type", Json.createValue("STEAL")), 400, "unknown_type", "type");
        assertRejected(with(good, "chain_id", Json.createValue("ait-mainnet")), 400, "wrong_chain", "chain_id");
        JsonObject unsigned = with(with(good, "sig", null), "public_key", null);
        assertRejected(unsigned, 400, "missing_signature", null);
        // the original wallet's unsigned send to /rpc/transactions
        Http.Response r = Http.post(node.url("/rpc/transactions"), Json.createObjectBuilder()
                .add("sender", chain.account(2).address()).add("recipient", fresh().address()).add("amount", 5)
                .add("type", "TRANSFER").add("chain_id", client.chainId()).add("nonce", 0).add("fee", 1)
                .add("payload", Json.createObjectBuilder().add("recipient", fresh().address()).add("amount", 5))
                .build().toString());
        assertEquals(400, r.status(), r.toString());
        assertEquals("missing_signature", r.json().getString("error"));
    }

    @Test
    void badSignatureAndForeignKeyAreRefused() {
        JsonObject good = transfer(chain.account(3), 0, fresh().address(), 5, 1).toWire();
        String sig = good.getString("sig");
        String flipped = (sig.charAt(0) == '0' ? "1" : "0") + sig.substring(1);
        assertRejected(with(good, "sig", Json.createValue(flipped)), 400, "bad_signature", "sig");
        assertRejected(with(good, "public_key", Json.createValue(chain.account(4).publicKeyHex())),
                400, "key_mismatch", "public_key");
        // altered amount after signing: the signature no longer covers it
        JsonObject payload = Json.createObjectBuilder(good.getJsonObject("payload")).add("amount", 6).build();
        assertRejected(with(good, "payload", payload), 400, "bad_signature", "sig");
    }

    @Test
    void wrongNonceInsufficientBalanceAndLowFeeAreRefused() {
        Ed25519.KeyPair from = chain.account(5);
        long next = client.balance(from.address()).nextNonce();
        assertRejected(transfer(from, next + 1, fresh().address(), 5, 1).toWire(), 400, "bad_nonce", "nonce");
        assertRejected(transfer(fresh(), 0, fresh().address(), 5, 1).toWire(), 400, "insufficient_balance", null);
        assertRejected(transfer(from, next, fresh().address(), TestChain.FUNDS, 1).toWire(), 400,
                "insufficient_balance", null);
        assertRejected(transfer(from, next, fresh().address(), 5, 0).toWire(), 400, "fee_too_low", "fee");
    }

    @Test
    void oversizedPayloadIsRefused() {
        Ed25519.KeyPair from = chain.account(5);
        JsonObject payload = Json.createObjectBuilder().add("recipient", fresh().address()).add("amount", 1)
                .add("memo", "x".repeat(70_000)).build();
        SignedTx tx = SignedTx.sign(client.chainId(), TxType.TRANSFER, 0, 1,
                Json.createObjectBuilder().add("recipient", fresh().address()).add("amount", 1).build(), from);
        assertRejected(with(tx.toWire(), "payload", payload), 400, "payload_too_large", "payload");
    }

    @Test
    void duplicateIs409AndChangesNothing() {
        SignedTx tx = transfer(chain.account(6), client.balance(chain.account(6).address()).nextNonce(),
                fresh().address(), 5, 1);
        assertEquals(200, send(tx.toWire()).status());
        assertRejected(tx.toWire(), 409, "duplicate", null);
        client.awaitIncluded(tx.hash(), Duration.ofSeconds(20));
        assertRejected(tx.toWire(), 409, "duplicate", null);
    }

    @Test
    void chunkedBodyOverTheLimitIs413() {
        byte[] big = ("{\"memo\":\"" + "y".repeat(1_100_000) + "\"}").getBytes();
        Http.Response r = Http.send(HttpRequest.newBuilder(URI.create(node.url("/rpc/sendTx")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));
        assertEquals(413, r.status(), r.toString());
        assertEquals("payload_too_large", r.json().getString("error"));
    }

    @Test
    void fullMempoolIs503WithRetryAfterAndFollowerNeverProduces() {
        ChainClient f = new ChainClient(follower.baseUrl());
        Ed25519.KeyPair from = chain.account(7);
        for (int i = 0; i < 3; i++) {
            f.send(f.signTransfer(from, i, fresh().address(), 1, 1));
        }
        Http.Response r = Http.post(follower.url("/rpc/sendTx"),
                f.signTransfer(from, 3, fresh().address(), 1, 1).toWire().toString());
        assertEquals(503, r.status(), r.toString());
        assertEquals("mempool_full", r.json().getString("error"));
        assertEquals("2", r.header("Retry-After"));
        assertEquals(0, f.height(), "a follower never produces blocks");
        assertFalse(Http.get(follower.url("/rpc/status")).json().getBoolean("authority"));
        Http.Response mint = Http.post(follower.url("/rpc/admin/mintFaucet"),
                "{\"address\":\"" + fresh().address() + "\",\"amount\":5}", "X-Api-Key", ADMIN);
        assertEquals(409, mint.status(), mint.toString());
    }

    @Test
    void faucetNeedsTheAdminKey() {
        String body = "{\"address\":\"" + fresh().address() + "\",\"amount\":5}";
        assertEquals(401, Http.post(node.url("/rpc/admin/mintFaucet"), body).status());
        assertEquals(401, Http.post(node.url("/rpc/admin/mintFaucet"), body, "X-Api-Key", "wrong").status());
        assertEquals(401, Http.post(node.url("/rpc/admin/verifyChain"), "").status());
    }

    // ---- read API and compatibility ----

    @Test
    void unknownAddressIsZeroAndMalformedIs400() {
        String never = fresh().address();
        for (String path : new String[] {"/rpc/getBalance/", "/rpc/balance/", "/rpc/address/"}) {
            Http.Response r = Http.get(node.url(path + never));
            assertEquals(200, r.status(), path + " " + r);
            assertEquals(0, r.json().getJsonNumber("balance").longValue());
            assertEquals(0, r.json().getJsonNumber("nonce").longValue());
            Http.Response bad = Http.get(node.url(path + "ait1nothex"));
            assertEquals(400, bad.status(), path + " " + bad);
        }
        assertEquals(200, Http.get(node.url("/rpc/getBalance/" + never.toUpperCase().replace("AIT1", "ait1"))).status(),
                "hex of an address is case-insensitive in paths");
    }

    @Test
    void listsHaveEnvelopesAndBoundedLimits() {
        for (String[] list : new String[][] {{"/rpc/blocks", "blocks"}, {"/rpc/transactions", "transactions"},
                {"/rpc/receipts", "receipts"}, {"/rpc/addresses", "addresses"}}) {
            JsonObject page = Http.get(node.url(list[0] + "?limit=5&offset=0")).json();
            assertNotNull(page.getJsonArray(list[1]), list[0]);
            assertEquals(5, page.getInt("limit"));
            assertTrue(page.containsKey("total"));
            for (String limit : new String[] {"0", "101", "-1"}) {
                Http.Response r = Http.get(node.url(list[0] + "?limit=" + limit));
                assertEquals(400, r.status(), list[0] + " limit=" + limit);
                assertEquals("limit", r.json().getString("field"));
            }
        }
        assertEquals(404, Http.get(node.url("/rpc/blocks/99999999")).status());
        assertEquals(400, Http.get(node.url("/rpc/blocks/minus-one")).status());
        assertEquals(404, Http.get(node.url("/rpc/tx/0x" + "ab".repeat(32))).status());
        assertEquals(400, Http.get(node.url("/rpc/tx/nothash")).status());
        assertEquals(404, Http.get(node.url("/rpc/receipts/no-such-receipt")).status());
    }

    @Test
    void statusAliasesAndGenesis() {
        JsonObject status = Http.get(node.url("/rpc/status")).json();
        assertEquals(status.getString("genesis_hash"), Http.get(node.url("/status")).json().getString("genesis_hash"));
        assertEquals(status.getString("genesis_hash"), Http.get(follower.url("/rpc/status")).json()
                .getString("genesis_hash"), "same genesis file, same genesis hash");
        assertEquals(status.getString("genesis_hash"), Http.get(node.url("/rpc/blocks/0")).json().getString("hash"));
        assertTrue(status.getBoolean("authority"));
        assertEquals(chain.authority(0).publicKeyHex(),
                status.getJsonArray("authorities").getJsonObject(0).getString("public_key"));
        JsonObject sync = Http.get(node.url("/rpc/syncStatus")).json();
        assertEquals("it-chain-node", sync.getString("node_id"));
    }

    @Test
    void estimateFeeAndMempoolView() {
        Http.Response r = Http.post(node.url("/rpc/estimateFee"), "{\"type\":\"TRANSFER\",\"payload\":{\"a\":1}}");
        assertEquals(200, r.status(), r.toString());
        assertEquals(1, r.json().getJsonNumber("base_fee").longValue());
        assertTrue(r.json().getJsonNumber("estimated_fee").longValue() >= 1);
        assertEquals(7, r.json().getInt("payload_bytes"));
        JsonObject mempool = Http.get(node.url("/rpc/mempool")).json();
        assertTrue(mempool.containsKey("size") && mempool.containsKey("txs"));
    }

    // ---- receipts ----

    @Test
    void signedReceiptIsRecordedOnceAndTamperedOnesAreRefused() {
        Ed25519.KeyPair coordinator = fresh();
        JsonObject receipt = SignedReceipt.sign(Json.createObjectBuilder().add("version", "1.0")
                .add("receipt_id", "rcpt-" + System.nanoTime()).add("job_id", "job-1").add("provider", "miner-1")
                .add("client", "client-1").add("status", "COMPLETED").add("units", 12).add("unit_type", "gpu_seconds")
                .add("unit_price", 3).add("price", 36).build(), coordinator);
        Ed25519.KeyPair sender = chain.account(8);
        SignedTx claim = SignedTx.sign(client.chainId(), TxType.RECEIPT_CLAIM,
                client.balance(sender.address()).nextNonce(), 1,
                Json.createObjectBuilder().add("receipt", receipt).build(), sender);
        Http.Response r = Http.post(node.url("/rpc/submitReceipt"), claim.toWire().toString());
        assertEquals(200, r.status(), r.toString());
        long height = client.awaitIncluded(claim.hash(), Duration.ofSeconds(20));

        String id = receipt.getString("receipt_id");
        JsonObject recorded = Http.get(node.url("/rpc/receipts/" + id)).json();
        assertEquals(height, recorded.getJsonNumber("block_height").longValue());
        assertEquals(coordinator.address(), recorded.getString("signer"));
        JsonObject search = Http.get(node.url("/rpc/transactions/search?receipt_id=" + id)).json();
        assertEquals(claim.hash(), search.getJsonArray("transactions").getJsonObject(0).getString("tx_hash"));

        SignedTx again = SignedTx.sign(client.chainId(), TxType.RECEIPT_CLAIM,
                client.balance(sender.address()).nextNonce(), 1,
                Json.createObjectBuilder().add("receipt", receipt).build(), sender);
        assertRejected(again.toWire(), 409, "duplicate_receipt", "payload.receipt");

        JsonObject tampered = Json.createObjectBuilder(receipt).add("receipt_id", "rcpt-other").add("price", 1).build();
        SignedTx bad = SignedTx.sign(client.chainId(), TxType.RECEIPT_CLAIM,
                client.balance(sender.address()).nextNonce(), 1,
                Json.createObjectBuilder().add("receipt", tampered).build(), sender);
        assertRejected(bad.toWire(), 400, "invalid_receipt", "payload.receipt");
    }

    // ---- live streams ----

    @Test
    void websocketStreamsDeliverPendingIncludedAndNewHeads() throws Exception {
        LinkedBlockingQueue<String> blocks = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<String> txs = new LinkedBlockingQueue<>();
        HttpClient http = HttpClient.newHttpClient();
        WebSocket b = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + node.port()
                + "/rpc/ws/blocks"), collector(blocks)).get(10, TimeUnit.SECONDS);
        WebSocket t = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + node.port()
                + "/rpc/ws/transactions"), collector(txs)).get(10, TimeUnit.SECONDS);
        // the server subscribes in its @OnOpen, which may run just after the client has seen the handshake: a probe
        // transaction shows both streams live before the one whose messages are checked
        String probe = client.transfer(chain.account(9), fresh().address(), 1, 1);
        assertEquals(1, drain(txs, m -> m.getString("tx_hash").equals(probe), 1).size(), "the stream is live");
        assertEquals(1, drain(blocks, m -> true, 1).size(), "the block stream is live");
        String hash = client.transfer(chain.account(9), fresh().address(), 3, 1);
        long height = client.awaitIncluded(hash, Duration.ofSeconds(20));

        List<JsonObject> txMessages = drain(txs, m -> m.getString("tx_hash").equals(hash), 2);
        assertEquals("pending", txMessages.get(0).getString("status"));
        assertEquals("TRANSFER", txMessages.get(0).getString("type"));
        assertEquals("included", txMessages.get(1).getString("status"));
        assertEquals(height, txMessages.get(1).getJsonNumber("block_height").longValue());
        JsonObject head = drain(blocks, m -> m.getJsonNumber("height").longValue() == height, 1).get(0);
        assertTrue(head.getInt("tx_count") >= 1);
        assertFalse(head.containsKey("transactions"));
        b.abort();
        t.abort();
    }

    private static WebSocket.Listener collector(LinkedBlockingQueue<String> queue) {
        return new WebSocket.Listener() {
            private final StringBuilder part = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                part.append(data);
                if (last) {
                    queue.add(part.toString());
                    part.setLength(0);
                }
                ws.request(1);
                return null;
            }
        };
    }

    private static List<JsonObject> drain(LinkedBlockingQueue<String> queue,
                                          java.util.function.Predicate<JsonObject> match, int count)
            throws InterruptedException {
        List<JsonObject> found = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (found.size() < count && System.nanoTime() < deadline) {
            String m = queue.poll(1, TimeUnit.SECONDS);
            if (m != null) {
                JsonObject o = Json.createReader(new java.io.StringReader(m)).readObject();
                if (match.test(o)) {
                    found.add(o);
                }
            }
        }
        assertEquals(count, found.size(), "stream messages received: " + found);
        return found;
    }

    // ---- unexpected errors ----

    @Test
    void unexpectedErrorIs500WithAnIdAndNoStackTrace() throws SQLException {
        try (Connection c = db.admin().getConnection()) {
            c.createStatement().execute("ALTER TABLE chain_receipt RENAME TO chain_receipt_hidden");
            try {
                Http.Response r = Http.get(node.url("/rpc/receipts"));
                assertEquals(500, r.status(), r.toString());
                assertEquals("internal_error", r.json().getString("error"));
                String errorId = r.header("X-Error-Id");
                assertNotNull(errorId);
                assertTrue(r.json().getString("detail").contains(errorId));
                assertFalse(r.body().contains("Exception") || r.body().contains("\tat "), "no stack trace: " + r);
                assertTrue(node.messagesLog().contains(errorId), "the id leads to the logged stack trace");
            } finally {
                c.createStatement().execute("ALTER TABLE chain_receipt_hidden RENAME TO chain_receipt");
            }
        }
    }

    // ---- money ----

    @Test
    void moneyIsConservedAcrossRandomTransfersAndMints() {
        java.util.Random random = new java.util.Random(42);
        List<Ed25519.KeyPair> wallets = chain.accounts().subList(10, 12);
        List<String> hashes = new ArrayList<>();
        long minted = 0;
        for (int i = 0; i < 40; i++) {
            Ed25519.KeyPair from = wallets.get(random.nextInt(wallets.size()));
            String to = random.nextBoolean() ? wallets.get(random.nextInt(wallets.size())).address() : fresh().address();
            long amount = 1 + random.nextInt(1_000_000);
            try {
                hashes.add(client.transfer(from, to, amount, 1 + random.nextInt(5)));
            } catch (net.aitbc.chain.client.ChainClientException e) {
                assertEquals(400, e.status(), e.toString());
            }
            if (i % 10 == 0) {
                long amt = 1 + random.nextInt(500);
                JsonObject r = client.post("/rpc/admin/mintFaucet", Json.createObjectBuilder()
                        .add("address", fresh().address()).add("amount", amt).build(), "X-Api-Key", ADMIN);
                hashes.add(r.getString("tx_hash"));
                minted += amt;
            }
        }
        // an overdraft is refused and changes nothing
        Ed25519.KeyPair poor = fresh();
        assertRejected(transfer(poor, 0, wallets.get(0).address(), 1, 1).toWire(), 400, "insufficient_balance", null);
        for (String h : hashes) {
            client.awaitIncluded(h, Duration.ofSeconds(30));
        }
        long total = 0;
        for (int offset = 0; ; offset += 100) {
            JsonObject page = Http.get(node.url("/rpc/addresses?limit=100&offset=" + offset)).json();
            for (JsonObject a : page.getJsonArray("addresses").getValuesAs(JsonObject.class)) {
                total += a.getJsonNumber("balance").longValue();
            }
            if (page.getJsonArray("addresses").size() < 100) {
                break;
            }
        }
        JsonObject verify = client.post("/rpc/admin/verifyChain", JsonObject.EMPTY_JSON_OBJECT, "X-Api-Key", ADMIN);
        assertTrue(verify.getBoolean("valid"), verify.toString());
        long supply = verify.getJsonNumber("supply").longValue();
        assertEquals(supply, total, "stored balances add up to the replayed supply");
        assertTrue(total >= chain.genesisSupply() + minted, "nothing lost");
        assertEquals(chain.genesisSupply() + mintedSoFar(), total, "genesis supply plus every mint, nothing else");
    }

    /** Every MINT on the chain so far (this class mints only in the test above). */
    private long mintedSoFar() {
        long sum = 0;
        for (int offset = 0; ; offset += 100) {
            JsonObject page = Http.get(node.url("/rpc/transactions?limit=100&offset=" + offset)).json();
            for (JsonObject t : page.getJsonArray("transactions").getValuesAs(JsonObject.class)) {
                if (t.getString("type").equals("MINT")) {
                    sum += t.getJsonNumber("amount").longValue();
                }
            }
            if (page.getJsonArray("transactions").size() < 100) {
                return sum;
            }
        }
    }
}
