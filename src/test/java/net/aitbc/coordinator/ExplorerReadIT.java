package net.aitbc.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.chain.client.SigningAccount;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.testing.CoordinatorCluster;
import net.aitbc.testing.Http;
import net.aitbc.testing.cluster.LibertyServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The explorer read API and the blockchain views through a coordinator-only server of the shared site, so every
 * answer has come from the node's RPC: the camelCase items of compat.md, one block by height and by hash, the
 * transfer made here, bounded limits, 404s, the chain's identity, authorities and supply, and that reading
 * changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplorerReadIT {

    private static final long AMOUNT = 12_345;
    private static final long FEE = 1;
    /** How far a test pages through a list looking for its own row (other tests add rows too). */
    private static final int MAX_PAGES = 50;

    private CoordinatorCluster site;
    private LibertyServer a;
    private Ed25519.KeyPair sender;
    private String recipient;
    private String txHash;
    private long includedAt;

    @BeforeAll
    void makeChainActivity() {
        site = CoordinatorCluster.shared();
        a = site.a;
        sender = site.fundedAccount();
        recipient = Ed25519.generate().address();
        txHash = SigningAccount.remote(site.client, sender).transfer(recipient, AMOUNT, FEE).hash();
        includedAt = site.client.awaitIncluded(txHash, Duration.ofSeconds(20));
    }

    private Http.Response get(String path, String... headers) {
        return Http.get(a.url(path), headers);
    }

    private JsonObject ok(String path, String... headers) {
        Http.Response r = get(path, headers);
        assertEquals(200, r.status(), path + ": " + r);
        return r.json();
    }

    /** Pages through a list endpoint until an item matches, following next_offset. */
    private JsonObject find(String list, Predicate<JsonObject> match) {
        String sep = list.contains("?") ? "&" : "?";
        int offset = 0;
        for (int page = 0; page < MAX_PAGES; page++) {
            JsonObject p = ok(list + sep + "limit=100&offset=" + offset);
            for (JsonObject item : p.getJsonArray("items").getValuesAs(JsonObject.class)) {
                if (match.test(item)) {
                    return item;
                }
            }
            if (p.isNull("next_offset")) {
                break;
            }
            offset = p.getInt("next_offset");
        }
        throw new AssertionError("no matching item in " + list);
    }

    private static void assertError(Http.Response r, int status, String field) {
        assertEquals(status, r.status(), r.toString());
        JsonObject e = r.json();
        assertEquals(status, e.getInt("status"), r.toString());
        assertNotNull(e.getString("error", null), r.toString());
        assertNotNull(e.getString("request_id", null), r.toString());
        if (field != null) {
            assertEquals(field, e.getString("field", null), r.toString());
        }
    }

    private static void assertHas(JsonObject item, String... fields) {
        for (String f : fields) {
            assertTrue(item.containsKey(f), "no " + f + " in " + item);
        }
    }

    @Test
    void blocksListTheCamelCaseFieldsAndTheTransfersBlock() {
        JsonObject page = ok("/v1/explorer/blocks");
        assertTrue(page.containsKey("next_offset"), page.toString());
        List<JsonObject> items = page.getJsonArray("items").getValuesAs(JsonObject.class);
        assertTrue(!items.isEmpty() && items.size() <= 20, page.toString());
        items.forEach(b -> assertHas(b, "height", "hash", "timestamp", "txCount", "proposer"));
        JsonObject included = find("/v1/explorer/blocks", b -> b.getJsonNumber("height").longValue() == includedAt);
        assertTrue(included.getInt("txCount") >= 1, included.toString());
        assertEquals(site.chain.authority(0).address(), included.getString("proposer"), included.toString());
    }

    @Test
    void oneBlockByHeightAndByHashIsTheSameBlock() {
        JsonObject byHeight = ok("/v1/explorer/blocks/" + includedAt);
        assertHas(byHeight, "height", "hash", "timestamp", "txCount", "proposer", "transactions");
        JsonObject byHash = ok("/v1/explorer/blocks/" + byHeight.getString("hash"));
        assertEquals(byHeight, byHash);
        assertEquals(includedAt, byHash.getJsonNumber("height").longValue());
        assertTrue(byHash.getInt("txCount") >= 1, byHash.toString());
        assertTrue(byHash.getJsonArray("transactions").getValuesAs(JsonObject.class).stream()
                .anyMatch(t -> txHash.equals(t.getString("tx_hash"))), byHash.toString());
    }

    @Test
    void theTransferIsFoundByHashWithItsSenderRecipientAndValue() {
        JsonObject t = ok("/v1/explorer/transactions/" + txHash);
        assertEquals(txHash, t.getString("hash"));
        assertEquals(sender.address(), t.getString("from"));
        assertEquals(recipient, t.getString("to"));
        assertEquals(AMOUNT, t.getJsonNumber("value").longValue());
        assertEquals(FEE, t.getJsonNumber("fee").longValue());
        assertEquals("included", t.getString("status"));
        assertEquals("TRANSFER", t.getString("type"));
        assertEquals(includedAt, t.getJsonNumber("block").longValue());

        JsonObject listed = find("/v1/explorer/transactions", i -> txHash.equals(i.getString("hash")));
        assertHas(listed, "hash", "block", "from", "to", "value", "status", "type", "fee");
        assertEquals(recipient, listed.getString("to"));
    }

    @Test
    void theRecipientIsListedWithItsBalance() {
        JsonObject row = find("/v1/explorer/addresses", i -> recipient.equals(i.getString("address")));
        assertHas(row, "address", "balance", "txCount", "lastActive", "recentTransactions");
        assertEquals(AMOUNT, row.getJsonNumber("balance").longValue());
        assertTrue(row.getInt("txCount") >= 1, row.toString());
        assertTrue(row.getJsonArray("recentTransactions").getValuesAs(JsonObject.class).stream()
                .anyMatch(t -> txHash.equals(t.getString("hash"))), row.toString());
    }

    @Test
    void receiptsArePagedAndFilteredByJob() {
        JsonObject all = ok("/v1/explorer/receipts");
        assertHas(all, "items", "next_offset", "jobId");
        assertTrue(all.isNull("jobId"), all.toString());
        all.getJsonArray("items").getValuesAs(JsonObject.class).forEach(r ->
                assertHas(r, "receiptId", "jobId", "miner", "coordinator", "issuedAt", "status", "payload"));

        JsonObject none = ok("/v1/explorer/receipts?job_id=job_no_such_job");
        assertEquals("job_no_such_job", none.getString("jobId"));
        assertTrue(none.getJsonArray("items").isEmpty(), none.toString());
        assertTrue(none.isNull("next_offset"), none.toString());
    }

    @Test
    void limitsOutsideOneToHundredAreRefused() {
        for (String list : List.of("blocks", "transactions", "addresses", "receipts")) {
            assertError(get("/v1/explorer/" + list + "?limit=0"), 400, "limit");
            assertError(get("/v1/explorer/" + list + "?limit=101"), 400, "limit");
            assertError(get("/v1/explorer/" + list + "?offset=-1"), 400, "offset");
        }
        JsonObject hundred = ok("/v1/explorer/blocks?limit=100");
        assertEquals(100, hundred.getInt("limit"));
        assertTrue(hundred.getJsonArray("items").size() <= 100, hundred.toString());
    }

    @Test
    void unknownBlocksAndTransactionsAre404s() {
        assertError(get("/v1/explorer/blocks/999999999"), 404, null);
        assertError(get("/v1/explorer/blocks/0x" + "ab".repeat(32)), 404, null);
        assertError(get("/v1/explorer/transactions/0x" + "cd".repeat(32)), 404, null);
        assertError(get("/v1/explorer/blocks/not-a-block"), 400, "block");
        assertError(get("/v1/explorer/transactions/not-a-hash"), 400, "hash");
    }

    @Test
    void infoAndValidatorsNameThisChainAndItsAuthority() {
        JsonObject info = ok("/v1/blockchain/info");
        assertEquals(site.chain.chainId(), info.getString("chain_id"));
        assertEquals(1, info.getInt("authority_count"));
        assertTrue(info.getJsonNumber("height").longValue() >= includedAt, info.toString());
        assertHas(info, "head_hash", "genesis_hash", "node_id");

        JsonObject validators = ok("/v1/blockchain/validators");
        JsonObject authority = validators.getJsonArray("validators").getJsonObject(0);
        assertEquals(site.chain.authority(0).address(), authority.getString("address"));
        assertEquals(site.chain.authority(0).publicKeyHex(), authority.getString("public_key"));
        assertTrue(authority.getInt("recent_blocks") >= 1, validators.toString());
    }

    @Test
    void supplyIsBalancesPlusOpenEscrowsAndAtLeastGenesis() {
        JsonObject s = ok("/v1/blockchain/supply");
        long supply = s.getJsonNumber("supply").longValue();
        assertTrue(s.getBoolean("complete"), s.toString());
        assertEquals(supply, s.getJsonNumber("balances").longValue() + s.getJsonNumber("escrowed").longValue());
        assertTrue(supply >= site.chain.genesisSupply(), s.toString());
        // only a MINT changes the total, so a sum taken straight from the node must agree (retried: a page read
        // while a block lands may count an account twice)
        long direct = -1;
        for (int attempt = 0; attempt < 3 && direct != supply; attempt++) {
            direct = nodeSupply(site.client);
            if (direct != supply) {
                supply = ok("/v1/blockchain/supply").getJsonNumber("supply").longValue();
            }
        }
        assertEquals(direct, supply);
    }

    private static long nodeSupply(ChainClient node) {
        long sum = 0;
        for (int offset = 0; ; offset += 100) {
            List<JsonObject> rows = node.get("/rpc/addresses?limit=100&offset=" + offset).getJsonArray("addresses")
                    .getValuesAs(JsonObject.class);
            sum += rows.stream().mapToLong(r -> r.getJsonNumber("balance").longValue()).sum();
            if (rows.size() < 100) {
                break;
            }
        }
        for (int offset = 0; ; offset += 100) {
            List<JsonObject> rows = node.get("/rpc/escrows?status=OPEN&limit=100&offset=" + offset)
                    .getJsonArray("escrows").getValuesAs(JsonObject.class);
            sum += rows.stream().mapToLong(r -> r.getJsonNumber("amount").longValue()).sum();
            if (rows.size() < 100) {
                return sum;
            }
        }
    }

    @Test
    void syncAndPeersAnswer() {
        JsonObject sync = ok("/v1/blockchain/sync");
        assertHas(sync, "node_id", "height", "head_hash", "peers");
        assertTrue(ok("/v1/blockchain/peers").get("peers") instanceof jakarta.json.JsonArray);
    }

    @Test
    void aKeyOnAPublicEndpointIsAcceptedAndIgnored() {
        ok("/v1/explorer/blocks", "X-Api-Key", site.clientKey());
        ok("/v1/explorer/transactions/" + txHash, "X-Api-Key", "not-a-key-anyone-was-given");
        ok("/v1/blockchain/info", "X-Api-Key", CoordinatorCluster.ADMIN);
    }

    @Test
    void readingChangesNothing() {
        ChainClient.Balance senderBefore = site.client.balance(sender.address());
        ChainClient.Balance recipientBefore = site.client.balance(recipient);
        for (String path : List.of("/v1/explorer/blocks", "/v1/explorer/blocks/" + includedAt,
                "/v1/explorer/transactions", "/v1/explorer/transactions/" + txHash, "/v1/explorer/addresses",
                "/v1/explorer/receipts", "/v1/blockchain/sync", "/v1/blockchain/peers", "/v1/blockchain/info",
                "/v1/blockchain/supply", "/v1/blockchain/validators")) {
            ok(path);
        }
        assertEquals(senderBefore, site.client.balance(sender.address()));
        assertEquals(recipientBefore, site.client.balance(recipient));
    }
}
