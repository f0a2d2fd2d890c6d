package net.aitbc.it.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.protocol.SignedReceipt;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxType;
import net.aitbc.testing.AitbcTool;
import net.aitbc.testing.Http;
import net.aitbc.testing.TestChain;
import net.aitbc.testing.TestDatabase;
import net.aitbc.testing.browser.Browsers;
import net.aitbc.testing.cluster.LibertyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The block explorer in a real headless Chromium against one real authority node (PostgreSQL, 1 s blocks,
 * roles node and web) holding real signed transfers and a signed receipt: search, block and receipt
 * verification in the browser, the verifier module against the published test vectors and tampered data,
 * paging, live head updates, the chart, console cleanliness, screenshots, first-load size and JSON latency;
 * then an escrow locked and settled by real signed transactions, followed through its pages; last a block of
 * more than a page of transactions, paged on the block page and verified whole.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExplorerIT {

    private static final Path SHOTS = Path.of("target/screenshots");
    private static final int WATCHED_TXS = 25;
    private static final long ESCROW_AMOUNT = 500;
    private static final long FIRST_PAYOUT = 300;
    private static final String ESCROW_REFERENCE = "job-explorer-escrow-1";

    private TestChain chain;
    private LibertyServer node;
    private ChainClient client;
    private ChromeDriver driver;
    private String watched;
    private final List<String> transfers = new ArrayList<>();
    private String receiptId;
    private String coordinatorAddress;
    private String receiptTx;
    private final Map<String, Object> metrics = new LinkedHashMap<>();
    private Ed25519.KeyPair escrowPayer;
    private Ed25519.KeyPair arbiter;
    private String lockHash;
    private long expiresAt;

    @BeforeAll
    void start() {
        chain = TestChain.create("explorer", 1, 3);
        TestDatabase.Database db = TestDatabase.create("explorer");
        node = LibertyServer.named("it-explorer").env(chain.authorityEnv(0)).env("DATABASE_URL", db.url())
                .env("AITBC_MIN_FEE", "1").env("AITBC_BLOCK_TIME_SECONDS", "1").env("AITBC_ROLES", "node,web")
                .create().startAndAwaitReady();
        client = new ChainClient(node.baseUrl());

        // real signed transfers over several blocks: 25 to one watched address (two history pages), a few others
        Ed25519.KeyPair from = chain.account(0);
        watched = Ed25519.generate().address();
        long nonce = client.balance(from.address()).nextNonce();
        for (int round = 0; round < 5; round++) {
            String last = null;
            for (int i = 0; i < WATCHED_TXS / 5; i++) {
                last = client.send(client.signTransfer(from, nonce++, watched, 1000 + transfers.size(), 1 + i % 3));
                transfers.add(last);
            }
            String other = client.transfer(chain.account(1), Ed25519.generate().address(), 7 + round, 2);
            client.awaitIncluded(other, Duration.ofSeconds(30));
            client.awaitIncluded(last, Duration.ofSeconds(30));
        }

        // a RECEIPT_CLAIM carrying a receipt signed by a test coordinator key
        Ed25519.KeyPair coordinator = Ed25519.generate();
        coordinatorAddress = coordinator.address();
        receiptId = "rcpt-explorer-" + System.nanoTime();
        JsonObject receipt = SignedReceipt.sign(Json.createObjectBuilder().add("version", "1.0")
                .add("receipt_id", receiptId).add("job_id", "job-explorer-1").add("provider", "miner-7")
                .add("client", "client-3").add("status", "COMPLETED").add("units", 42).add("unit_type", "gpu_seconds")
                .add("unit_price", 3).add("price", 126).add("started_at", "2026-11-25T01:00:00.000Z")
                .add("completed_at", "2026-11-25T01:00:42.000Z").build(), coordinator);
        Ed25519.KeyPair sender = chain.account(2);
        SignedTx claim = SignedTx.sign(client.chainId(), TxType.RECEIPT_CLAIM,
                client.balance(sender.address()).nextNonce(), 1,
                Json.createObjectBuilder().add("receipt", receipt).build(), sender);
        Http.Response r = Http.post(node.url("/rpc/submitReceipt"), claim.toWire().toString());
        assertEquals(200, r.status(), r.toString());
        receiptTx = claim.hash();
        client.awaitIncluded(receiptTx, Duration.ofSeconds(30));

        driver = Browsers.chromium();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            if (node != null) {
                node.stop();
            }
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target/explorer-metrics.json"), Json.createObjectBuilder(metrics).build().toString());
        }
    }

    // ---- helpers ----

    private String url(String path) {
        return node.url(path);
    }

    private WebDriverWait waiting(int seconds) {
        return Browsers.waiting(driver, seconds);
    }

    private WebElement await(By by) {
        return waiting(20).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private String path() {
        URI u = URI.create(driver.getCurrentUrl());
        return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }

    private void search(String query, String expectedPath) {
        WebElement input = await(By.id("search-input"));
        input.clear();
        input.sendKeys(query, Keys.ENTER);
        waiting(30).until(d -> path().equals(expectedPath));
    }

    private Object js(String script, Object... args) {
        return Browsers.js(driver, script, args);
    }

    private List<String> severe() {
        return Browsers.severe(Browsers.consoleEntries(driver));
    }

    private JsonObject blockWith(String txHash) {
        long h = client.tx(txHash).getJsonNumber("block_height").longValue();
        return Http.get(url("/rpc/blocks/" + h)).json();
    }

    /** Loads a page at one width and theme and writes {@code name-size[-dark].png}, full page up to 3000 px. */
    private void screenshot(String name, String path, String size, String theme) {
        Dimension dimension = size.equals("phone") ? Browsers.PHONE : Browsers.DESKTOP;
        driver.manage().window().setSize(dimension);
        driver.get(url(path));
        js("localStorage.setItem('aitbc-theme', arguments[0]); document.documentElement.dataset.theme = arguments[0];", theme);
        waiting(20).until(d -> !d.findElements(By.cssSelector("main h1")).isEmpty());
        waiting(20).until(d -> d.findElements(By.cssSelector(".verdict.pending")).isEmpty());
        Long full = (Long) js("return Math.min(3000, document.documentElement.scrollHeight);");
        driver.manage().window().setSize(new Dimension(dimension.width, Math.max(dimension.height, full.intValue())));
        Browsers.screenshot(driver, SHOTS, name + "-" + size + (theme.equals("dark") ? "-dark" : ""));
    }

    private String mainText() {
        return driver.findElement(By.tagName("main")).getText();
    }

    /** What the page says must never show a missing value as code would print it. */
    private void assertNoNullText() {
        String text = mainText();
        assertFalse(text.contains("null") || text.contains("undefined") || text.contains("NaN"), text);
    }

    // ---- tests ----

    @Test
    @Order(1)
    void overviewFirstLoadIsSmallAndRendersHeadQuickly() {
        driver.get(url("/"));
        waiting(30).until(d -> path().equals("/explorer/"));
        long height = client.height();
        waiting(20).until(d -> d.findElement(By.id("head-height")).getText().replace(",", "").equals(Long.toString(height)));
        waiting(10).until(d -> d.findElements(By.cssSelector("#newest-txs tbody tr")).size() > 0);
        @SuppressWarnings("unchecked")
        Map<String, Object> perf = (Map<String, Object>) js("""
                const nav = performance.getEntriesByType('navigation');
                const res = performance.getEntriesByType('resource');
                const sum = (list, f) => list.reduce((a, e) => a + (e[f] || 0), 0);
                const json = res.filter(e => e.name.includes('/rpc/'));
                const assets = res.filter(e => !e.name.includes('/rpc/'));
                return {navigations: nav.map(e => e.name).join(' '), documentBytes: sum(nav, 'transferSize'),
                  assetBytes: sum(assets, 'transferSize'), assetBodyBytes: sum(assets, 'encodedBodySize'),
                  jsonBytes: sum(json, 'transferSize'), requests: res.length + nav.length,
                  headRenderedMs: window.__explorer.headRenderedAt,
                  domContentLoadedMs: nav.length ? nav[nav.length - 1].domContentLoadedEventEnd : null};
                """);
        long total = ((Number) perf.get("documentBytes")).longValue() + ((Number) perf.get("assetBytes")).longValue()
                + ((Number) perf.get("jsonBytes")).longValue();
        perf.put("totalBytes", total);
        metrics.put("firstLoad", Json.createObjectBuilder(perf).build());
        System.out.println("first load of the overview: " + perf);
        assertTrue(total < 250_000, "first load under 250 KB: " + perf);
        assertTrue(((Number) perf.get("headRenderedMs")).doubleValue() > 0, perf.toString());
    }

    @Test
    @Order(2)
    void chartHasOnePointPerBlockShown() {
        driver.get(url("/explorer/"));
        WebElement svg = await(By.cssSelector("#chart svg"));
        long height = client.height();
        // consecutive blocks after genesis among the newest 51, each with its parent: min(50, height - 1)
        int expected = (int) Math.min(50, Math.max(0, height - 1));
        assertEquals(expected, Integer.parseInt(svg.getAttribute("data-points")));
        assertEquals(expected, driver.findElements(By.cssSelector("#chart circle.pt")).size());
        assertEquals(expected, driver.findElements(By.cssSelector("#chart rect.bar")).size());
        assertTrue(expected >= 5, "several blocks were made: " + expected);
    }

    @Test
    @Order(3)
    void searchFindsHeightBlockHashTxHashAddressAndReceipt() {
        driver.get(url("/explorer/"));
        JsonObject block = blockWith(transfers.get(3));
        long h = block.getJsonNumber("height").longValue();
        search(Long.toString(h), "/explorer/block/" + h);
        await(By.id("block-verdict"));
        search(block.getString("hash").toUpperCase(Locale.ROOT).replace("0X", "0x"), "/explorer/block/" + h);
        search(transfers.get(7), "/explorer/tx/" + transfers.get(7));
        await(By.id("tx-verdict"));
        search("  " + watched.toUpperCase(Locale.ROOT) + " ", "/explorer/address/" + watched);
        search(receiptId, "/explorer/receipt/" + receiptId);
        await(By.id("receipt-verdict"));
        // a 0x + 64 hex query is looked up as a block hash first: the node's 404 for the transaction's hash there
        // is the one console entry a hit may cause
        List<String> severe = severe();
        severe.removeIf(s -> s.contains("/rpc/blocks/by-hash/" + transfers.get(7)) && s.contains("404"));
        assertEquals(List.of(), severe, "no other SEVERE console entry while searching hits");
    }

    @Test
    @Order(4)
    void blockPageListsItsTransactionsAndVerifies() {
        JsonObject block = blockWith(transfers.get(10));
        long h = block.getJsonNumber("height").longValue();
        driver.get(url("/explorer/block/" + h)); // a deep link, loaded fresh
        WebElement verdict = waiting(30).until(d -> {
            WebElement v = d.findElement(By.id("block-verdict"));
            return v.getAttribute("data-ok") != null ? v : null;
        });
        assertEquals("true", verdict.getAttribute("data-ok"), verdict.getText());
        assertTrue(verdict.getText().contains("✓"), verdict.getText());
        for (String check : List.of("tx_root", "block hash", "signature", "transactions")) {
            WebElement li = verdict.findElement(By.cssSelector("li[data-check='" + check + "']"));
            assertTrue(li.getText().startsWith("✓"), li.getText());
        }
        List<WebElement> rows = driver.findElements(By.cssSelector("#block-txs tbody tr"));
        assertEquals(block.getJsonArray("transactions").size(), rows.size());
        for (JsonObject tx : block.getJsonArray("transactions").getValuesAs(JsonObject.class)) {
            String hash = tx.getString("tx_hash");
            assertFalse(driver.findElements(By.cssSelector("#block-txs a[href='tx/" + hash + "']")).isEmpty(), hash);
        }
        // the links lead on: a transaction, then its sender's address
        driver.findElement(By.cssSelector("#block-txs a[href^='tx/']")).click();
        waiting(20).until(d -> path().startsWith("/explorer/tx/"));
        await(By.id("tx-verdict"));
        waiting(20).until(d -> "true".equals(d.findElement(By.id("tx-verdict")).getAttribute("data-ok")));
        assertEquals(List.of(), severe());
    }

    /** What the page hands the browser to save: the text behind the download link its button makes. */
    private String downloadedBy(By button) {
        js("window.__saved = []; const click = HTMLAnchorElement.prototype.click;"
                + "HTMLAnchorElement.prototype.click = function () {"
                + "  if (!this.download) return click.call(this);"
                + "  fetch(this.href).then((r) => r.text()).then((t) => window.__saved.push(t)); };");
        driver.findElement(button).click();
        return waiting(20).until(d -> (String) js("return window.__saved.length ? window.__saved[0] : null;"));
    }

    @Test
    @Order(4)
    void theProofBundlesTheExplorerDownloadsVerifyWithTheCommandLineTool() throws Exception {
        JsonObject block = blockWith(transfers.get(3));
        long h = block.getJsonNumber("height").longValue();
        driver.get(url("/explorer/block/" + h));
        waiting(30).until(d -> d.findElement(By.id("block-verdict")).getAttribute("data-ok") != null);
        String blockBundle = downloadedBy(By.id("proof-download"));
        driver.get(url("/explorer/receipt/" + receiptId));
        waiting(30).until(d -> d.findElement(By.id("receipt-verdict")).getAttribute("data-ok") != null);
        String receiptBundle = downloadedBy(By.id("receipt-proof"));

        AitbcTool tool = new AitbcTool();
        Path file = tool.home().resolve("bundle.json");
        for (String bundle : List.of(blockBundle, receiptBundle)) {
            Files.writeString(file, bundle);
            AitbcTool.Run offline = tool.run("verify", "bundle", file.toString());
            assertEquals(0, offline.exit(), offline.toString());
            AitbcTool.Run online = tool.run("verify", "bundle", file.toString(), "--node-url", node.baseUrl());
            assertEquals(0, online.exit(), online.toString());
            assertTrue(online.out().contains("on chain"), online.toString());
        }
        Files.writeString(file, blockBundle.replace(block.getString("tx_root"), "0x" + "cd".repeat(32)));
        assertEquals(1, tool.run("verify", "bundle", file.toString()).exit(), "an altered block bundle");
        Files.writeString(file, receiptBundle.replace("\"units\": 42", "\"units\": 43"));
        assertEquals(1, tool.run("verify", "bundle", file.toString()).exit(), "an altered receipt bundle");
    }

    @Test
    @Order(5)
    void receiptPageVerifiesAndNamesTheSigner() {
        driver.get(url("/explorer/receipt/" + receiptId));
        WebElement verdict = waiting(30).until(d -> {
            WebElement v = d.findElement(By.id("receipt-verdict"));
            return v.getAttribute("data-ok") != null ? v : null;
        });
        assertEquals("true", verdict.getAttribute("data-ok"), verdict.getText());
        assertTrue(verdict.getText().contains("signed by " + coordinatorAddress), verdict.getText());
        assertTrue(driver.findElement(By.tagName("main")).getText().contains("miner-7"));
        assertFalse(driver.findElements(By.cssSelector("main a[href='tx/" + receiptTx + "']")).isEmpty());
        driver.get(url("/explorer/receipts"));
        await(By.cssSelector("#receipts-list a[href='receipt/" + receiptId + "']"));
        assertEquals(List.of(), severe());
    }

    @Test
    @Order(6)
    void verifierModuleAcceptsTheTestVectorsAndRejectsTamperedData() throws Exception {
        driver.get(url("/explorer/"));
        await(By.id("head-height"));
        String vectors = Files.readString(Path.of("docs/test-vectors/chain-v1.json"));
        long h = blockWith(transfers.get(0)).getJsonNumber("height").longValue();
        Object out = ((JavascriptExecutor) driver).executeAsyncScript("""
                const [vectorsJson, height, receiptId, done] = arguments;
                (async () => {
                  const v = await import('/explorer/js/verify.js');
                  const d = JSON.parse(vectorsJson);
                  const r = {};
                  r.merkle = (await Promise.all(d.merkle.map(async m => (await v.merkleRoot(m.tx_hashes)) === m.tx_root))).every(x => x);
                  r.addresses = (await Promise.all(d.keys.map(async k => (await v.addressOf(k.public_key)) === k.address))).every(x => x);
                  r.txSigningBytes = v.canonicalize(v.txPreimage(d.transaction.wire)) === d.transaction.signing_bytes_utf8;
                  r.tx = (await v.verifyTx({...d.transaction.wire, tx_hash: d.transaction.tx_hash})).ok
                      && (await v.verifyTx({...d.second_transaction.wire, tx_hash: d.second_transaction.tx_hash})).ok;
                  const authority = d.keys.find(k => k.name === 'authority');
                  const auth = [{id: 'node1', address: authority.address, public_key: authority.public_key}];
                  const block = {...d.block.header, transactions: d.block.tx_hashes.map(h => ({tx_hash: h}))};
                  r.block = (await v.verifyBlock(block, auth)).ok;
                  const g = d.genesis;
                  r.genesis = (await v.blockHash({chain_id: g.file.chain_id, height: 0, parent_hash: v.ZERO_HASH,
                      proposer: v.ZERO_ADDRESS, timestamp: g.file.timestamp, tx_root: v.ZERO_HASH,
                      state_root: g.state_root})) === g.hash;
                  r.receiptBytes = new TextDecoder().decode(v.receiptSigningBytes(d.receipt.signed)) === d.receipt.signing_bytes_utf8;
                  r.receipt = (await v.verifyReceipt(d.receipt.signed)).ok;
                  // tampered vectors
                  r.tamperedVectorBlock = (await v.verifyBlock({...block, timestamp: '2026-11-25T01:14:32.124Z'}, auth)).ok;
                  r.tamperedVectorReceipt = (await v.verifyReceipt({...d.receipt.signed, price: 37})).ok;
                  // real data from this node, intact and tampered
                  const status = await (await fetch('/rpc/status')).json();
                  const real = await (await fetch('/rpc/blocks/' + height)).json();
                  r.realBlock = (await v.verifyBlock(real, status.authorities)).ok;
                  r.realTxs = (await v.verifyTransactions(real.transactions)).ok;
                  const txs = real.transactions.slice();
                  txs[0] = {...txs[0], tx_hash: txs[txs.length - 1].tx_hash === txs[0].tx_hash ? v.ZERO_HASH : txs[txs.length - 1].tx_hash};
                  r.tamperedTxList = (await v.verifyBlock({...real, transactions: txs}, status.authorities)).ok;
                  r.tamperedState = (await v.verifyBlock({...real, state_root: v.ZERO_HASH}, status.authorities)).ok;
                  const sig = real.signature;
                  r.tamperedSignature = (await v.verifyBlock({...real, signature: (sig[0] === '0' ? '1' : '0') + sig.slice(1)}, status.authorities)).ok;
                  r.foreignProposer = (await v.verifyBlock(real, [{address: real.proposer, public_key: authority.public_key}])).ok;
                  const rec = await (await fetch('/rpc/receipts/' + encodeURIComponent(receiptId))).json();
                  r.realReceipt = (await v.verifyReceipt(rec.payload)).ok;
                  r.realReceiptSigner = (await v.verifyReceipt(rec.payload)).signer === rec.signer;
                  r.tamperedReceipt = (await v.verifyReceipt({...rec.payload, units: rec.payload.units + 1})).ok;
                  const s = rec.payload.signature;
                  r.tamperedReceiptKey = (await v.verifyReceipt({...rec.payload, signature: {...s, public_key: authority.public_key}})).ok;
                  return r;
                })().then(r => done(JSON.stringify(r)), e => done('ERROR ' + e.stack));
                """, vectors, h, receiptId);
        String result = String.valueOf(out);
        assertFalse(result.startsWith("ERROR"), result);
        JsonObject r = Json.createReader(new java.io.StringReader(result)).readObject();
        for (String ok : List.of("merkle", "addresses", "txSigningBytes", "tx", "block", "genesis", "receiptBytes",
                "receipt", "realBlock", "realTxs", "realReceipt", "realReceiptSigner")) {
            assertTrue(r.getBoolean(ok), ok + " should verify: " + r);
        }
        for (String bad : List.of("tamperedVectorBlock", "tamperedVectorReceipt", "tamperedTxList", "tamperedState",
                "tamperedSignature", "foreignProposer", "tamperedReceipt", "tamperedReceiptKey")) {
            assertFalse(r.getBoolean(bad), bad + " must fail: " + r);
        }
        assertEquals(List.of(), severe());
    }

    @Test
    @Order(7)
    void addressPageShowsBalanceAndPagesItsHistory() {
        driver.get(url("/explorer/address/" + watched));
        waiting(20).until(d -> d.findElement(By.id("tx-count")).getText().equals(Integer.toString(WATCHED_TXS)));
        long balance = client.balance(watched).balance();
        assertEquals(String.format(Locale.ROOT, "%d", balance), driver.findElement(By.id("balance")).getText().replaceAll("[^0-9]", ""));
        assertEquals(20, driver.findElements(By.cssSelector("#address-history tbody tr")).size());
        driver.findElement(By.cssSelector("#address-history a[rel='next']")).click();
        waiting(20).until(d -> path().equals("/explorer/address/" + watched + "?page=2"));
        waiting(20).until(d -> d.findElements(By.cssSelector("#address-history tbody tr")).size() == WATCHED_TXS - 20);
        driver.navigate().refresh(); // the deep link survives a reload
        waiting(20).until(d -> d.findElements(By.cssSelector("#address-history tbody tr")).size() == WATCHED_TXS - 20);
        driver.navigate().back();
        waiting(20).until(d -> path().equals("/explorer/address/" + watched));
        waiting(20).until(d -> d.findElements(By.cssSelector("#address-history tbody tr")).size() == 20);
        assertEquals(List.of(), severe());
    }

    @Test
    @Order(8)
    void overviewHeadFollowsNewBlocksWithoutReload() {
        driver.get(url("/explorer/"));
        WebElement head = await(By.id("head-height"));
        waiting(20).until(d -> "● live".equals(d.findElement(By.id("live-status")).getText()));
        js("window.__sameDocument = 'yes';");
        String before = head.getText();
        String hash = client.transfer(chain.account(1), Ed25519.generate().address(), 5, 3);
        long height = client.awaitIncluded(hash, Duration.ofSeconds(30));
        waiting(20).until(d -> d.findElement(By.id("head-height")).getText().replace(",", "").equals(Long.toString(height)));
        assertFalse(before.equals(driver.findElement(By.id("head-height")).getText()));
        assertEquals("yes", js("return window.__sameDocument;"), "the page was not reloaded");
        waiting(20).until(d -> !d.findElements(By.cssSelector("#newest-txs a[href='tx/" + hash + "']")).isEmpty());
        int expected = (int) Math.min(50, height - 1);
        waiting(10).until(d -> d.findElements(By.cssSelector("#chart circle.pt")).size() == expected);
        assertEquals(List.of(), severe());
    }

    @Test
    @Order(9)
    void missesGetANotFoundPageNamingTheSearch() {
        driver.get(url("/explorer/"));
        await(By.id("head-height"));
        Browsers.consoleEntries(driver);
        search("no-such-thing-42", "/explorer/search?q=no-such-thing-42");
        WebElement nf = await(By.id("not-found"));
        assertTrue(nf.getText().contains("no-such-thing-42"), nf.getText());
        String missingHash = "0x" + "ab".repeat(32);
        search(missingHash, "/explorer/search?q=" + missingHash);
        assertTrue(await(By.id("not-found")).getText().contains(missingHash));
        search("999999999", "/explorer/search?q=999999999");
        assertTrue(await(By.id("not-found")).getText().contains("999999999"));
        driver.get(url("/explorer/block/999999999"));
        assertTrue(await(By.id("not-found")).getText().contains("999999999"));
        driver.get(url("/explorer/nowhere/at/all"));
        await(By.id("not-found"));
        // the only console errors allowed here are the node's 404 answers to the looked-up misses
        List<String> severe = severe();
        severe.removeIf(s -> s.contains("404"));
        assertEquals(List.of(), severe);
    }

    @Test
    @Order(10)
    void screenshotsOfEveryPageAtDesktopAndPhoneWidth() {
        long h = blockWith(transfers.get(3)).getJsonNumber("height").longValue();
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("overview", "/explorer/");
        pages.put("blocks", "/explorer/blocks");
        pages.put("block", "/explorer/block/" + h);
        pages.put("transactions", "/explorer/txs");
        pages.put("transaction", "/explorer/tx/" + transfers.get(3));
        pages.put("address", "/explorer/address/" + watched);
        pages.put("receipts", "/explorer/receipts");
        pages.put("receipt", "/explorer/receipt/" + receiptId);
        pages.put("not-found", "/explorer/search?q=no-such-thing-42");
        for (String theme : List.of("light", "dark")) {
            for (String size : List.of("desktop", "phone")) {
                for (Map.Entry<String, String> page : pages.entrySet()) {
                    if (theme.equals("dark") && !page.getKey().equals("overview") && !page.getKey().equals("block")) {
                        continue;
                    }
                    screenshot(page.getKey(), page.getValue(), size, theme);
                }
            }
        }
        driver.manage().window().setSize(Browsers.DESKTOP);
        js("localStorage.removeItem('aitbc-theme');");
        List<String> severe = severe();
        severe.removeIf(s -> s.contains("404")); // the not-found page's deliberate miss
        assertEquals(List.of(), severe);
    }

    @Test
    @Order(11)
    void jsonCallsUnderFiftyConcurrentReaders() throws Exception {
        long h = client.height();
        List<String> paths = List.of("/rpc/head", "/rpc/status", "/rpc/syncStatus", "/rpc/blocks?limit=20",
                "/rpc/blocks/" + h, "/rpc/transactions?limit=10", "/rpc/mempool?limit=10",
                "/rpc/address/" + watched + "?limit=20", "/rpc/receipts?limit=20", "/rpc/tx/" + transfers.get(5));
        int readers = 50;
        int perReader = 40;
        // HTTP/1.1 as browsers speak it: the JDK client's default h2c upgrade attempt alone adds seconds of tail
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(readers);
        long t0 = System.nanoTime();
        for (int r = 0; r < readers; r++) {
            int reader = r;
            pool.submit(() -> {
                for (int i = 0; i < perReader; i++) {
                    String p = paths.get((reader + i) % paths.size());
                    long s = System.nanoTime();
                    try {
                        HttpResponse<byte[]> resp = http.send(HttpRequest.newBuilder(URI.create(url(p)))
                                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
                        if (resp.statusCode() != 200) {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                    latencies.add(System.nanoTime() - s);
                }
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(5, TimeUnit.MINUTES));
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        double p50 = sorted.get(sorted.size() / 2) / 1e6;
        double p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1e6;
        double max = sorted.get(sorted.size() - 1) / 1e6;
        metrics.put("load", Json.createObjectBuilder().add("readers", readers).add("requests", sorted.size())
                .add("failures", failures.get()).add("seconds", seconds).add("requests_per_second", sorted.size() / seconds)
                .add("p50_ms", p50).add("p99_ms", p99).add("max_ms", max).build());
        System.out.printf(Locale.ROOT, "50 readers: %d requests in %.1f s, p50 %.1f ms, p99 %.1f ms, max %.1f ms, %d failures%n",
                sorted.size(), seconds, p50, p99, max, failures.get());
        assertEquals(0, failures.get());
    }

    @Test
    @Order(12)
    void escrowLockOpensAnEscrowShownOnItsPageItsTransactionAndThePayersAddress() {
        escrowPayer = chain.account(2);
        arbiter = Ed25519.generate();
        // the arbiter pays the settle's fee from its own balance, so it needs some first
        client.awaitIncluded(client.transfer(chain.account(1), arbiter.address(), 100, 1), Duration.ofSeconds(30));
        expiresAt = client.height() + 1000; // far off: the payer cannot reclaim it during the test
        SignedTx lock = SignedTx.sign(client.chainId(), TxType.ESCROW_LOCK, client.balance(escrowPayer.address()).nextNonce(), 2,
                Json.createObjectBuilder().add("amount", ESCROW_AMOUNT).add("arbiter", arbiter.address())
                        .add("expires_at_height", expiresAt).add("reference", ESCROW_REFERENCE).build(), escrowPayer);
        lockHash = client.send(lock);
        assertEquals(lock.hash(), lockHash);
        long lockHeight = client.awaitIncluded(lockHash, Duration.ofSeconds(30));

        // the escrow page: OPEN, both parties, amount, reference, expiry, the lock and its block, no payouts yet
        driver.get(url("/explorer/escrow/" + lockHash));
        waiting(20).until(d -> d.findElement(By.id("escrow-status")).getText().equals("OPEN"));
        assertEquals(Long.toString(ESCROW_AMOUNT), driver.findElement(By.id("escrow-amount")).getText().replace(",", ""));
        assertEquals(ESCROW_REFERENCE, driver.findElement(By.id("escrow-reference")).getText());
        for (String address : List.of(escrowPayer.address(), arbiter.address())) {
            assertFalse(driver.findElements(By.cssSelector("main a[href='address/" + address + "']")).isEmpty(), address);
        }
        await(By.cssSelector("#escrow-lock a[href='tx/" + lockHash + "']"));
        await(By.cssSelector("#escrow-lock a[href='block/" + lockHeight + "']"));
        String expiry = driver.findElement(By.id("escrow-expiry")).getText().replace(",", "");
        assertTrue(expiry.startsWith(Long.toString(expiresAt)) && expiry.matches("(?s).* in \\d+ blocks .*"), expiry);
        assertTrue(driver.findElements(By.id("escrow-payouts")).isEmpty(), "an open escrow has no payouts");
        assertNoNullText();

        // the lock's transaction page says what it does, verifies, and links to its own escrow
        driver.get(url("/explorer/tx/" + lockHash));
        WebElement toEscrow = await(By.cssSelector("#tx-escrow a[href='escrow/" + lockHash + "']"));
        String summary = driver.findElement(By.id("tx-summary")).getText().replace(",", "");
        assertTrue(summary.contains("locks " + ESCROW_AMOUNT + " for arbiter") && summary.contains("until height " + expiresAt), summary);
        waiting(20).until(d -> "true".equals(d.findElement(By.id("tx-verdict")).getAttribute("data-ok")));
        assertNoNullText();
        toEscrow.click();
        waiting(20).until(d -> path().equals("/explorer/escrow/" + lockHash));
        waiting(20).until(d -> d.findElement(By.id("escrow-status")).getText().equals("OPEN"));

        // payer and arbiter each list it among their open escrows, in their role
        for (Map.Entry<String, String> party : Map.of(escrowPayer.address(), "payer", arbiter.address(), "arbiter").entrySet()) {
            driver.get(url("/explorer/address/" + party.getKey()));
            WebElement row = await(By.cssSelector("#address-escrows a[href='escrow/" + lockHash + "']"))
                    .findElement(By.xpath("ancestor::tr"));
            assertTrue(row.getText().contains(party.getValue()), row.getText());
            assertTrue(row.getText().replace(",", "").contains(Long.toString(ESCROW_AMOUNT)), row.getText());
        }
        for (String size : List.of("desktop", "phone")) {
            screenshot("escrow-open", "/explorer/escrow/" + lockHash, size, "light");
        }
        driver.manage().window().setSize(Browsers.DESKTOP);
        js("localStorage.removeItem('aitbc-theme');");
        assertEquals(List.of(), severe());
    }

    @Test
    @Order(13)
    void escrowPageTurnsSettledLiveAndShowsThePayouts() {
        driver.get(url("/explorer/escrow/" + lockHash));
        waiting(20).until(d -> d.findElement(By.id("escrow-status")).getText().equals("OPEN"));
        waiting(20).until(d -> "● live".equals(d.findElement(By.id("live-status")).getText()));
        js("window.__sameDocument = 'escrow';");

        // the arbiter settles: two recipients, the amounts adding up to the lock, naming the receipt on chain
        String first = Ed25519.generate().address();
        String second = Ed25519.generate().address();
        SignedTx settle = SignedTx.sign(client.chainId(), TxType.ESCROW_SETTLE, client.balance(arbiter.address()).nextNonce(), 1,
                Json.createObjectBuilder().add("escrow_id", lockHash)
                        .add("payouts", Json.createArrayBuilder()
                                .add(Json.createObjectBuilder().add("recipient", first).add("amount", FIRST_PAYOUT))
                                .add(Json.createObjectBuilder().add("recipient", second).add("amount", ESCROW_AMOUNT - FIRST_PAYOUT)))
                        .add("receipt_id", receiptId).build(), arbiter);
        String settleHash = client.send(settle);
        long settleHeight = client.awaitIncluded(settleHash, Duration.ofSeconds(30));

        waiting(20).until(d -> d.findElement(By.id("escrow-status")).getText().equals("SETTLED"));
        assertEquals("escrow", js("return window.__sameDocument;"), "the open escrow page followed the settle without a reload");
        List<WebElement> rows = driver.findElements(By.cssSelector("#escrow-payouts tbody tr"));
        assertEquals(2, rows.size());
        for (Map.Entry<String, Long> payout : Map.of(first, FIRST_PAYOUT, second, ESCROW_AMOUNT - FIRST_PAYOUT).entrySet()) {
            WebElement row = driver.findElement(By.cssSelector("#escrow-payouts a[href='address/" + payout.getKey() + "']"))
                    .findElement(By.xpath("ancestor::tr"));
            assertTrue(row.getText().replace(",", "").contains(Long.toString(payout.getValue())), row.getText());
        }
        WebElement check = driver.findElement(By.id("payout-check"));
        assertEquals("true", check.getAttribute("data-ok"), check.getText());
        await(By.cssSelector("#escrow-close a[href='tx/" + settleHash + "']"));
        await(By.cssSelector("#escrow-close a[href='block/" + settleHeight + "']"));
        await(By.cssSelector("a#escrow-receipt[href='receipt/" + receiptId + "']"));
        assertNoNullText();

        // the settle's transaction page links to the escrow it closed
        driver.get(url("/explorer/tx/" + settleHash));
        await(By.cssSelector("#tx-escrow a[href='escrow/" + lockHash + "']"));
        String summary = driver.findElement(By.id("tx-summary")).getText().replace(",", "");
        assertTrue(summary.contains("settles escrow") && summary.contains("paying " + ESCROW_AMOUNT + " to 2 recipients"), summary);
        waiting(20).until(d -> "true".equals(d.findElement(By.id("tx-verdict")).getAttribute("data-ok")));

        // the receipt it named links back to the escrow; the payer no longer lists it as open
        driver.get(url("/explorer/receipt/" + receiptId));
        await(By.cssSelector("#receipt-escrows a[href='escrow/" + lockHash + "']"));
        driver.get(url("/explorer/address/" + escrowPayer.address()));
        await(By.cssSelector("#address-history a[href='tx/" + lockHash + "']"));
        assertTrue(driver.findElements(By.cssSelector("#address-escrows a[href='escrow/" + lockHash + "']")).isEmpty(),
                "a settled escrow is not among the open ones");

        for (String size : List.of("desktop", "phone")) {
            screenshot("escrow", "/explorer/escrow/" + lockHash, size, "light");
            assertNoNullText();
        }
        driver.manage().window().setSize(Browsers.DESKTOP);
        js("localStorage.removeItem('aitbc-theme');");
        assertEquals(List.of(), severe());
    }

    @Test
    @Order(14)
    void searchFindsABlockByItsHashAndTheLockByItsHashWithoutPagingBlocks() {
        driver.get(url("/explorer/"));
        await(By.id("head-height"));
        Browsers.consoleEntries(driver);
        JsonObject block = blockWith(lockHash);
        long h = block.getJsonNumber("height").longValue();
        search(block.getString("hash"), "/explorer/block/" + h);
        await(By.cssSelector("#block-txs a[href='escrow/" + lockHash + "']")); // the lock in its block, linked to its escrow
        search(lockHash, "/explorer/tx/" + lockHash);
        await(By.id("tx-verdict"));
        // one lookup by hash each time, not a walk through the block list
        @SuppressWarnings("unchecked")
        List<String> fetched = (List<String>) js("return performance.getEntriesByType('resource').map(e => e.name);");
        assertTrue(fetched.stream().anyMatch(n -> n.contains("/rpc/blocks/by-hash/" + block.getString("hash"))), fetched.toString());
        assertFalse(fetched.stream().anyMatch(n -> n.contains("/rpc/blocks?limit=100")), fetched.toString());
        driver.get(url("/explorer/block/" + block.getString("hash"))); // a deep link by hash lands on the height
        waiting(20).until(d -> path().equals("/explorer/block/" + h));
        await(By.id("block-verdict"));
        List<String> severe = severe();
        severe.removeIf(s -> s.contains("/rpc/blocks/by-hash/" + lockHash) && s.contains("404")); // the lock's hash is no block
        assertEquals(List.of(), severe);
    }

    @Test
    @Order(15)
    void aBlockOfManyTransactionsIsPagedAndStillVerifiedWhole() throws Exception {
        // 300 real signed transfers at once, 100 from each funded account (each account's nonces in order on its
        // own thread): even spread over a few 1 s blocks, one block holds more than a page (50) of them
        int perAccount = 100;
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<java.util.concurrent.Future<String>> lasts = new ArrayList<>();
        for (int a = 0; a < 3; a++) {
            Ed25519.KeyPair from = chain.account(a);
            long first = client.balance(from.address()).nextNonce();
            List<SignedTx> signed = new ArrayList<>();
            for (int i = 0; i < perAccount; i++) {
                signed.add(client.signTransfer(from, first + i, Ed25519.generate().address(), 1 + i, 1));
            }
            lasts.add(pool.submit(() -> {
                String last = null;
                for (SignedTx tx : signed) {
                    last = client.send(tx);
                }
                return last;
            }));
        }
        long low = Long.MAX_VALUE;
        long high = 0;
        for (java.util.concurrent.Future<String> last : lasts) {
            long h = client.awaitIncluded(last.get(2, TimeUnit.MINUTES), Duration.ofSeconds(60));
            high = Math.max(high, h);
            low = Math.min(low, h);
        }
        pool.shutdown();
        JsonObject block = null;
        for (long h = Math.max(1, low - 10); h <= high; h++) {
            JsonObject b = Http.get(url("/rpc/blocks/" + h)).json();
            if (block == null || b.getInt("tx_count") > block.getInt("tx_count")) {
                block = b;
            }
        }
        int count = block.getInt("tx_count");
        long h = block.getJsonNumber("height").longValue();
        assertTrue(count > 50, "one block holds more than a page of transactions: " + count);
        int pages = (count + 49) / 50;
        List<JsonObject> txs = block.getJsonArray("transactions").getValuesAs(JsonObject.class);
        String firstOfPage1 = "#block-txs a[href='tx/" + txs.get(0).getString("tx_hash") + "']";
        String firstOfPage2 = "#block-txs a[href='tx/" + txs.get(50).getString("tx_hash") + "']";

        driver.get(url("/explorer/block/" + h));
        WebElement verdict = waiting(60).until(d -> {
            WebElement v = d.findElement(By.id("block-verdict"));
            return v.getAttribute("data-ok") != null ? v : null;
        });
        // the verdict covers the whole block, not the page shown
        assertEquals("true", verdict.getAttribute("data-ok"), verdict.getText());
        for (String check : List.of("tx_count", "tx_root", "block hash", "signature", "transactions")) {
            assertTrue(verdict.findElement(By.cssSelector("li[data-check='" + check + "']")).getText().startsWith("✓"), check);
        }
        String all = verdict.findElement(By.cssSelector("li[data-check='transactions']")).getText();
        assertTrue(all.contains(count + " of " + count + " transaction hashes"), all);
        // one page of 50 rows is drawn, in block order, with a pager
        await(By.cssSelector(firstOfPage1));
        assertEquals(50, driver.findElements(By.cssSelector("#block-txs tbody tr")).size());
        assertTrue(driver.findElements(By.cssSelector(firstOfPage2)).isEmpty());
        assertTrue(driver.findElement(By.cssSelector("#block-txs .pager")).getText().contains("Page 1 of " + pages));
        assertEquals("1–50 of " + count + ", in block order.", driver.findElement(By.id("block-txs-range")).getText());
        // the next page: its number in the URL, the next 50 rows, the verdict kept
        driver.findElement(By.cssSelector("#block-txs .pager a[rel='next']")).click();
        waiting(20).until(d -> path().equals("/explorer/block/" + h + "?page=2"));
        await(By.cssSelector(firstOfPage2));
        assertTrue(driver.findElements(By.cssSelector(firstOfPage1)).isEmpty());
        assertEquals(Math.min(50, count - 50), driver.findElements(By.cssSelector("#block-txs tbody tr")).size());
        assertEquals("true", driver.findElement(By.id("block-verdict")).getAttribute("data-ok"));
        // the page survives a reload, and back returns to the first page
        driver.navigate().refresh();
        await(By.cssSelector(firstOfPage2));
        assertTrue(driver.findElement(By.cssSelector("#block-txs .pager")).getText().contains("Page 2 of " + pages));
        waiting(60).until(d -> "true".equals(d.findElement(By.id("block-verdict")).getAttribute("data-ok")));
        driver.navigate().back();
        waiting(20).until(d -> path().equals("/explorer/block/" + h));
        await(By.cssSelector(firstOfPage1));
        assertNoNullText();
        assertEquals(List.of(), severe());
    }
}
