package net.aitbc.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import net.aitbc.chain.client.SigningAccount;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.protocol.EscrowState;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.platform.security.EncryptedKeyFile;
import net.aitbc.testing.ExchangeSite;
import net.aitbc.testing.Http;
import net.aitbc.testing.browser.Browsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser wallet {@code /wallet/} in a real headless Chromium against the shared exchange site (roles node,
 * exchange and web on PostgreSQL, 1 s blocks): a key created under a passphrase is kept only as the CLI's encrypted
 * key file, locks on reload, refuses a wrong passphrase and unlocks with the right one, and its export reads in
 * {@link EncryptedKeyFile} (page → CLI); a key file written by {@link EncryptedKeyFile} imports with its passphrase
 * (CLI → page) and shows the chain's balance; a transfer signed in the page is included and shown; the page signs
 * in to the exchange and the exchange page shows that wallet signed in; open escrows are listed, and a lock signed
 * in the page is reclaimed from the page after its expiry. No console errors; screenshots at desktop and phone
 * width. Every test uses fresh keys (the site is shared with other test classes).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalletPageIT {

    private static final Path SHOTS = Path.of("target/screenshots");
    private static final String STORE = "aitbc-wallet-keyfile";
    private static final String MINUS = "\u2212";

    private ExchangeSite site;
    private ChromeDriver driver;

    /** A key funded by a faucet mint, and that mint's transaction. */
    private record Funded(Ed25519.KeyPair key, String mintTx) {
        String address() {
            return key.address();
        }
    }

    @BeforeAll
    void start() {
        site = ExchangeSite.shared();
        site.awaitSolvency(); // the exchange page opened by a test asks for it; right after a start it is 503
        driver = Browsers.chromium();
        driver.manage().window().setSize(Browsers.DESKTOP);
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
    }

    // ---- helpers ----

    private WebDriverWait waiting(int seconds) {
        return Browsers.waiting(driver, seconds);
    }

    private Object js(String script, Object... args) {
        return Browsers.js(driver, script, args);
    }

    private String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private String attr(String id, String name) {
        return driver.findElement(By.id(id)).getAttribute(name);
    }

    private String state() {
        return (String) js("return document.body.dataset.state || null;");
    }

    private void awaitState(String state, int seconds) {
        waiting(seconds).until(d -> state.equals(state()));
    }

    private void type(String id, String value) {
        WebElement e = driver.findElement(By.id(id));
        e.clear();
        if (!value.isEmpty()) {
            e.sendKeys(value);
        }
    }

    private void click(String id) {
        WebElement e = driver.findElement(By.id(id));
        js("arguments[0].scrollIntoView({block: 'center'});", e); // clear of the sticky header
        e.click();
    }

    private List<String> severe() {
        return Browsers.severe(Browsers.consoleEntries(driver));
    }

    private static String passphrase() {
        return "pass phrase " + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The wallet page with nothing kept in this browser: no key, no sessions. */
    private void openEmpty() {
        driver.get(site.url("/wallet/"));
        waiting(20).until(d -> js("return document.body.dataset.ready || null;") != null);
        js("localStorage.removeItem(arguments[0]); sessionStorage.clear();", STORE);
        driver.navigate().refresh();
        waiting(20).until(d -> js("return document.body.dataset.ready || null;") != null);
        awaitState("none", 10);
    }

    /** A fresh key with {@code amount} units, minted by the devnet faucet and included. */
    private Funded funded(long amount) {
        Ed25519.KeyPair key = Ed25519.generate();
        Http.Response mint = Http.post(site.url("/rpc/admin/mintFaucet"), "{\"address\": \"" + key.address()
                + "\", \"amount\": " + amount + "}", "X-Api-Key", ExchangeSite.ADMIN);
        assertEquals(200, mint.status(), mint.body());
        String tx = mint.json().getString("tx_hash");
        site.client.awaitIncluded(tx, Duration.ofSeconds(30));
        return new Funded(key, tx);
    }

    /** The key file the CLI writes for a key ({@link EncryptedKeyFile}, as {@code aitbc wallet export} does). */
    private static String cliKeyFile(Ed25519.KeyPair key, String passphrase) throws IOException {
        Path file = Files.createTempDirectory("wallet-it").resolve("wallet.json");
        EncryptedKeyFile.write(file, key.seed(), passphrase.toCharArray(), Map.of("address", key.address(),
                "public_key", key.publicKeyHex(), "purpose", "wallet"));
        return Files.readString(file);
    }

    /** Imports a CLI key file into an empty wallet page and waits until it is unlocked with the chain's balance. */
    private void importCliKey(Ed25519.KeyPair key, String passphrase) throws IOException {
        openEmpty();
        type("import-file-text", cliKeyFile(key, passphrase));
        type("import-passphrase", passphrase);
        click("import");
        awaitState("unlocked", 60);
        waiting(10).until(d -> text("address").equals(key.address()));
        long balance = site.client.balance(key.address()).balance();
        waiting(20).until(d -> String.valueOf(balance).equals(attr("balance", "data-units")));
    }

    private static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    // ---- the tests ----

    @Test
    @Order(1)
    void aKeyCreatedInThePageIsKeptEncryptedLocksOnReloadAndItsExportReadsInTheCli() throws IOException {
        openEmpty();
        String passphrase = passphrase();
        type("new-passphrase", passphrase);
        type("new-passphrase-confirm", passphrase + "!");
        click("create");
        waiting(10).until(d -> text("error").contains("differ"));
        assertEquals("none", state(), "nothing is made when the passphrases differ");
        assertNull(js("return localStorage.getItem(arguments[0]);", STORE));

        type("new-passphrase-confirm", passphrase);
        click("create");
        awaitState("unlocked", 60);
        String address = waiting(10).until(d -> {
            String a = text("address");
            return a.matches("ait1[0-9a-f]{40}") ? a : null;
        });
        assertTrue(attr("address", "href").endsWith("/explorer/address/" + address), attr("address", "href"));
        long onChain = site.client.balance(address).balance();
        waiting(20).until(d -> String.valueOf(onChain).equals(attr("balance", "data-units")));

        // kept only as the CLI's key file: encrypted, the public part in the CLI's order
        String stored = (String) js("return localStorage.getItem(arguments[0]);", STORE);
        JsonObject file = Json.createReader(new StringReader(stored)).readObject();
        assertEquals(1, file.getInt("version"));
        assertEquals("PBKDF2-HMAC-SHA256", file.getString("kdf"));
        assertEquals(EncryptedKeyFile.ITERATIONS, file.getInt("iterations"));
        assertEquals("AES-256-GCM", file.getString("cipher"));
        assertEquals(32, file.getString("salt").length());
        assertEquals(24, file.getString("iv").length());
        assertEquals(2 * (32 + 16), file.getString("ciphertext").length(), "a 32-byte seed and the GCM tag");
        assertEquals(List.of("address", "public_key", "purpose"), new ArrayList<>(file.getJsonObject("public").keySet()));
        assertEquals(address, file.getJsonObject("public").getString("address"));
        assertEquals("wallet", file.getJsonObject("public").getString("purpose"));

        // a reload forgets the unlocked key: locked, and a wrong passphrase keeps it so
        driver.navigate().refresh();
        awaitState("locked", 20);
        assertEquals(address, text("locked-address"));
        assertFalse(driver.findElement(By.id("account")).isDisplayed(), "no account while locked");
        type("passphrase", passphrase + "-wrong");
        click("unlock");
        waiting(60).until(d -> text("error").contains("wrong passphrase"));
        assertEquals("locked", state());
        assertFalse(driver.findElement(By.id("account")).isDisplayed());
        assertEquals("true", attr("passphrase", "aria-invalid"));

        type("passphrase", passphrase);
        click("unlock");
        awaitState("unlocked", 60);
        waiting(10).until(d -> text("address").equals(address));
        assertFalse(driver.findElement(By.id("error")).isDisplayed(), "the error is gone once unlocked");

        // page → CLI: the export is the kept file, and EncryptedKeyFile opens it with the passphrase
        click("export");
        String exported = waiting(10).until(d -> {
            String v = attr("export-text", "value");
            return v == null || v.isEmpty() ? null : v;
        });
        assertEquals(stored, exported);
        Path exportedFile = Files.createTempDirectory("wallet-it-export").resolve("exported.json");
        Files.writeString(exportedFile, exported);
        byte[] seed = EncryptedKeyFile.read(exportedFile, passphrase.toCharArray());
        assertEquals(address, Ed25519.KeyPair.fromSeed(seed).address(), "the exported key is the page's key");
        assertFalse(stored.toLowerCase(Locale.ROOT).contains(HexFormat.of().formatHex(seed)), "the plain key is not kept");
        assertThrows(IOException.class, () -> EncryptedKeyFile.read(exportedFile, (passphrase + "x").toCharArray()));
        assertTrue(attr("export-download", "href").startsWith("blob:"), "offered as a download too");

        // lock: back to the locked view without a reload
        click("lock");
        awaitState("locked", 10);
        assertFalse(driver.findElement(By.id("account")).isDisplayed());
        assertEquals(stored, js("return localStorage.getItem(arguments[0]);", STORE), "locking keeps the key file");
        assertEquals(List.of(), severe());
    }

    @Test
    @Order(2)
    void aCliKeyFileImportsWithItsPassphraseAndShowsTheChainBalanceAndHistory() throws IOException {
        Funded funded = funded(5_000_000);
        String passphrase = passphrase();
        String fileText = cliKeyFile(funded.key(), passphrase);
        openEmpty();
        type("import-file-text", fileText);
        type("import-passphrase", passphrase + "?");
        click("import");
        waiting(60).until(d -> text("error").contains("wrong passphrase"));
        assertEquals("none", state(), "a wrong passphrase imports nothing");
        assertNull(js("return localStorage.getItem(arguments[0]);", STORE));

        type("import-passphrase", passphrase);
        click("import");
        awaitState("unlocked", 60);
        waiting(10).until(d -> text("address").equals(funded.address()));
        long onChain = site.client.balance(funded.address()).balance();
        assertEquals(5_000_000, onChain);
        waiting(20).until(d -> String.valueOf(onChain).equals(attr("balance", "data-units")));
        assertEquals(grouped(onChain), text("balance"));
        WebElement mint = waiting(20).until(d -> d.findElement(By.cssSelector("#history tr[data-tx-hash='" + funded.mintTx() + "']")));
        assertEquals("included", mint.getAttribute("data-status"));
        assertTrue(mint.getText().contains("+" + grouped(5_000_000)), mint.getText());
        assertTrue(mint.findElement(By.cssSelector("a[href*='/explorer/tx/']")).getAttribute("href")
                .endsWith("/explorer/tx/" + funded.mintTx()));
        assertEquals(fileText.strip(), js("return localStorage.getItem(arguments[0]);", STORE),
                "the CLI's file is kept as it is");
        assertEquals(List.of(), severe());
    }

    @Test
    @Order(3)
    void aTransferSignedInThePageIsIncludedAndShownInTheHistoryAndBalance() throws IOException {
        Funded from = funded(10_000_000);
        importCliKey(from.key(), passphrase());
        assertEquals(String.valueOf(site.fee()), attr("send-fee", "value"), "the fee defaults to the node's min_fee");
        String to = Ed25519.generate().address();

        // refused in the page before anything is signed
        type("send-to", "ait1nothex");
        type("send-amount", "1234");
        click("send");
        waiting(5).until(d -> text("send-result").contains("40 hex digits"));
        assertEquals("true", attr("send-to", "aria-invalid"));
        type("send-to", to);
        type("send-amount", "1.5");
        click("send");
        waiting(5).until(d -> text("send-result").contains("whole number"));
        type("send-amount", "20000000");
        click("send");
        waiting(10).until(d -> text("send-result").contains("does not cover"));
        assertNull(attr("send-result", "data-tx-hash"));

        long amount = 1_234_567;
        type("send-amount", String.valueOf(amount));
        click("send");
        String hash = waiting(20).until(d -> attr("send-result", "data-tx-hash"));
        assertTrue(hash.matches("0x[0-9a-f]{64}"), hash);
        long height = site.client.awaitIncluded(hash, Duration.ofSeconds(30));
        assertEquals(amount, site.client.balance(to).balance(), "the recipient has the amount on chain");
        long left = 10_000_000 - amount - site.fee();
        assertEquals(left, site.client.balance(from.address()).balance());

        waiting(20).until(d -> "included".equals(attr("send-result", "data-status")));
        assertTrue(text("send-result").contains("block " + grouped(height)), text("send-result"));
        assertTrue(attr("send-result-tx", "href").endsWith("/explorer/tx/" + hash));
        waiting(20).until(d -> String.valueOf(left).equals(attr("balance", "data-units")));
        WebElement row = waiting(20).until(d -> d.findElement(
                By.cssSelector("#history tr[data-tx-hash='" + hash + "'][data-status='included']")));
        assertEquals("TRANSFER", row.getAttribute("data-type"));
        assertTrue(row.getText().contains(MINUS + grouped(amount)), row.getText());
        assertTrue(row.findElement(By.cssSelector("a[href*='/explorer/tx/']")).getAttribute("href")
                .endsWith("/explorer/tx/" + hash));
        assertEquals(List.of(), severe());
    }

    @Test
    @Order(4)
    void thePageSignsInToTheExchangeAndTheExchangePageShowsThatWallet() {
        Ed25519.KeyPair key = Ed25519.generate();
        String passphrase = passphrase();
        openEmpty();
        // a raw private key imports under a new passphrase
        type("import-seed", HexFormat.of().formatHex(key.seed()));
        type("import-seed-passphrase", passphrase);
        type("import-seed-confirm", passphrase);
        click("import-seed-button");
        awaitState("unlocked", 60);
        waiting(10).until(d -> text("address").equals(key.address()));

        // this site runs no coordinator: the page says so instead of failing a request
        waiting(10).until(d -> attr("node-note", "textContent").startsWith("chain "));
        click("signin-market");
        waiting(10).until(d -> text("signin-market-result").contains("no marketplace"));
        assertNull(attr("signin-market-result", "data-signed-in"));

        click("signin-exchange");
        waiting(20).until(d -> "true".equals(attr("signin-exchange-result", "data-signed-in")));
        assertTrue(text("signin-exchange-result").contains("Signed in to the exchange"), text("signin-exchange-result"));
        assertEquals(List.of(), severe());

        assertTrue(attr("open-exchange", "href").endsWith("/exchange/"), attr("open-exchange", "href"));
        driver.get(site.url("/exchange/")); // the same tab: its sessionStorage holds the session
        waiting(30).until(d -> js("return document.body.dataset.ready || null;") != null);
        waiting(20).until(d -> text("signed-in-as").equals(key.address()));
        assertEquals("signed in", text("wallet-badge"));
        String token = (String) js("return JSON.parse(sessionStorage.getItem('aitbc-exchange-session')).token;");
        Http.Response me = Http.get(site.url("/exchange/api/auth/me"), "Authorization", "Bearer " + token);
        assertEquals(200, me.status(), me.body());
        assertEquals(key.address(), me.json().getString("wallet_address"));
        assertEquals(List.of(), severe());
    }

    @Test
    @Order(5)
    void openEscrowsAreListedAndALockSignedInThePageIsReclaimedAfterItsExpiry() throws IOException {
        Funded payer = funded(10_000_000);
        String arbiter = Ed25519.generate().address();
        String reference = "wallet-it-job-" + UUID.randomUUID().toString().substring(0, 8);
        long fee = site.fee();
        SignedTx far = SigningAccount.remote(site.client, payer.key())
                .lock(300_000, arbiter, site.client.height() + 1000, reference, fee);
        site.client.awaitIncluded(far.hash(), Duration.ofSeconds(30));

        importCliKey(payer.key(), passphrase());
        By farRow = By.cssSelector("#escrows tr[data-escrow-id='" + far.hash() + "']");
        WebElement row = waiting(20).until(d -> d.findElement(farRow));
        assertEquals("OPEN", row.getAttribute("data-status"));
        assertEquals("300000", row.getAttribute("data-amount"));
        assertTrue(row.getText().contains(reference), row.getText());
        assertFalse(row.findElement(By.cssSelector("button.reclaim")).isEnabled(), "no reclaim before the expiry");

        // a lock signed in the page, expiring 4 blocks on
        type("escrow-arbiter", arbiter);
        type("escrow-amount", "250000");
        type("escrow-blocks", "4");
        type("escrow-fee", String.valueOf(fee));
        type("escrow-reference", reference + "-page");
        click("escrow-submit");
        String mine = waiting(20).until(d -> attr("escrow-result", "data-tx-hash"));
        site.client.awaitIncluded(mine, Duration.ofSeconds(30));
        EscrowState lock = site.client.escrow(mine).orElseThrow();
        assertEquals(payer.address(), lock.payer());
        assertEquals(arbiter, lock.arbiter());
        assertEquals(250_000, lock.amount());
        assertEquals(reference + "-page", lock.reference());
        assertEquals(EscrowState.Status.OPEN, lock.status());
        assertEquals(Long.parseLong(attr("escrow-result", "data-expires-at-height")), lock.expiresAtHeight());
        By mineRow = By.cssSelector("#escrows tr[data-escrow-id='" + mine + "']");
        waiting(20).until(d -> d.findElement(mineRow));

        // blocks come only with transactions: mint until a reclaim fits in the next block
        while (site.client.height() + 1 < lock.expiresAtHeight()) {
            funded(1);
        }
        waiting(20).until(d -> {
            WebElement button = d.findElement(mineRow).findElement(By.cssSelector("button.reclaim"));
            if (!button.isEnabled()) {
                return false;
            }
            js("arguments[0].scrollIntoView({block: 'center'});", button);
            button.click();
            return true;
        });
        String reclaim = waiting(20).until(d -> attr("escrow-action-result", "data-tx-hash"));
        site.client.awaitIncluded(reclaim, Duration.ofSeconds(30));
        assertEquals(EscrowState.Status.RECLAIMED, site.client.escrow(mine).orElseThrow().status());
        waiting(20).until(d -> d.findElements(mineRow).isEmpty());
        assertFalse(driver.findElements(farRow).isEmpty(), "the unexpired escrow stays listed");

        long left = 10_000_000 - 300_000 - 3 * fee; // two locks and the reclaim paid a fee; 250 000 came back
        assertEquals(left, site.client.balance(payer.address()).balance());
        waiting(20).until(d -> String.valueOf(left).equals(attr("balance", "data-units")));
        assertEquals(List.of(), severe());
    }

    @Test
    @Order(6)
    void screenshotsAtDesktopAndPhoneWidth() throws IOException {
        Funded funded = funded(3_000_000);
        importCliKey(funded.key(), passphrase());
        String sent = site.client.transfer(funded.key(), Ed25519.generate().address(), 125_000, site.fee());
        site.client.awaitIncluded(sent, Duration.ofSeconds(30));
        waiting(20).until(d -> !d.findElements(By.cssSelector("#history tr[data-tx-hash='" + sent + "']")).isEmpty());
        shoot("wallet-desktop", Browsers.DESKTOP, null);
        shoot("wallet-phone", Browsers.PHONE, null);
        shoot("wallet-phone-dark", Browsers.PHONE, "dark");
        js("document.documentElement.dataset.theme = 'light'; localStorage.setItem('aitbc-theme', 'light');");
        assertEquals("unlocked", state(), "resizing keeps the wallet unlocked");

        openEmpty();
        shoot("wallet-setup-desktop", Browsers.DESKTOP, null);
        shoot("wallet-setup-phone", Browsers.PHONE, null);
        driver.manage().window().setSize(Browsers.DESKTOP);
        assertEquals(List.of(), severe());
    }

    /** A full-height screenshot at a width, after checking that nothing is wider than the window. */
    private void shoot(String name, Dimension size, String theme) {
        driver.manage().window().setSize(size);
        if (theme != null) {
            js("document.documentElement.dataset.theme = arguments[0];", theme);
        }
        waiting(5).until(d -> ((Long) js("return window.innerWidth;")) <= size.width);
        Object wide = js("const w = window.innerWidth; const clipped = e => { for (let p = e.parentElement; p && p !== document.body;"
                + " p = p.parentElement) { if (getComputedStyle(p).overflowX !== 'visible') return true; }"
                + " return false; }; return [...document.querySelectorAll('body *')]"
                + ".filter(e => e.getBoundingClientRect().right > w + 1 && !clipped(e)).slice(0, 4)"
                + ".map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"
                + ".join(', ') + '; scrollWidth ' + document.documentElement.scrollWidth + ' of ' + w;");
        boolean fits = (Boolean) js("return document.documentElement.scrollWidth <= window.innerWidth + 1;");
        Long full = (Long) js("return Math.min(4000, document.documentElement.scrollHeight);");
        driver.manage().window().setSize(new Dimension(size.width, Math.max(size.height, full.intValue())));
        Browsers.screenshot(driver, SHOTS, name);
        assertTrue(fits, "nothing wider than the window at " + size + " (" + name + "); wider: " + wide);
    }
}
