package net.aitbc.marketplace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.testing.CoordinatorCluster;
import net.aitbc.testing.Http;
import net.aitbc.testing.TestMiner;
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
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The marketplace page in a real headless Chromium against the shared coordinator site with a miner online (a
 * test miner answering polls): filters change the cards, a wallet signs in from the page, "why no match" is shown
 * for an impossible constraint, a paid job runs to COMPLETED with its receipt verified in the browser and its lock,
 * receipt and settlement linked, a bid is placed; no console errors; screenshots at desktop and phone width, light
 * and dark.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MarketplacePageIT {

    private static final Path SHOTS = Path.of("target/screenshots");

    private CoordinatorCluster site;
    private LibertyServer a;
    private ChromeDriver driver;
    private TestMiner miner;
    private String model;
    private Thread minerLoop;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger answered = new AtomicInteger();

    @BeforeAll
    void start() {
        site = CoordinatorCluster.shared();
        a = site.a;
        model = "page-model-" + UUID.randomUUID().toString().substring(0, 8);
        miner = new TestMiner(site.minerKey(), Ed25519.generate().address())
                .register(a, TestMiner.gpu("NVIDIA RTX 4090", 24, "12.2", model), 2);
        minerLoop = new Thread(this::answerJobs, "page-it-miner");
        minerLoop.setDaemon(true);
        minerLoop.start();
        driver = Browsers.chromium();
    }

    @AfterAll
    void stop() {
        running.set(false);
        if (driver != null) {
            driver.quit();
        }
    }

    /** The miner: takes this test's jobs and answers each with a result and one unit. */
    private void answerJobs() {
        while (running.get()) {
            try {
                Http.Response r = miner.poll(a, 2);
                if (r.status() == 200) {
                    miner.result(a, r.json().getString("job_id"), Json.createObjectBuilder()
                            .add("output", "Rayleigh scattering").build(), Json.createObjectBuilder().add("units", 3).build());
                    answered.incrementAndGet();
                }
            } catch (RuntimeException | AssertionError e) {
                sleep(200);
            }
        }
    }

    private WebDriverWait waiting(int seconds) {
        return Browsers.waiting(driver, seconds);
    }

    private Object js(String script, Object... args) {
        return Browsers.js(driver, script, args);
    }

    private void open() {
        driver.get(a.url("/marketplace/"));
        waiting(20).until(d -> js("return document.body.dataset.offersShownAt || null") != null);
    }

    private List<WebElement> cards() {
        return driver.findElements(By.cssSelector("#offers .offer"));
    }

    private WebElement ourCard() {
        // the page reads the offers every 5 s; a registration on another server shows within a board's second
        return waiting(12).until(d -> d.findElement(By.cssSelector("#offers .offer[data-miner-id='" + miner.id() + "']")));
    }

    /** The page rebuilds the model list each time it reads the offers, so an option found can be gone a moment later. */
    private void choose(String selectId, String value) {
        waiting(5).until(d -> {
            new Select(d.findElement(By.id(selectId))).selectByValue(value);
            return value.equals(d.findElement(By.id(selectId)).getAttribute("value"));
        });
    }

    private void type(String id, String text) {
        WebElement e = driver.findElement(By.id(id));
        e.clear();
        if (!text.isEmpty()) {
            e.sendKeys(text);
        }
    }

    @Test
    @Order(1)
    void theOffersAreTheLiveMinersAndTheFiltersChangeTheCards() {
        open();
        WebElement card = ourCard();
        assertTrue(card.getText().contains("NVIDIA RTX 4090"), card.getText());
        assertTrue(card.getText().contains("24 GB") && card.getText().contains("12.2"), card.getText());
        assertTrue(card.getText().contains(model), "models served: " + card.getText());
        assertTrue(card.getText().contains("7,200 / GPU-h"), "2 per GPU-second: " + card.getText());
        assertTrue(card.findElement(By.cssSelector(".offer-score")).getText().contains("✓"),
                "the score recomputed in the browser matches: " + card.getText());
        int all = cards().size();
        assertTrue(all >= 1);

        choose("f-model", model);
        waiting(5).until(d -> cards().size() == 1);
        assertEquals(miner.id(), cards().get(0).getAttribute("data-miner-id"));
        // the first cards on screen are recounted from the chain's receipts
        WebElement recount = waiting(15).until(d -> ourCard().findElement(By.cssSelector(".chain-check.ok")));
        assertTrue(recount.getText().contains("recounted from the chain"), recount.getText());
        type("f-max-price", "7199");
        waiting(5).until(d -> cards().isEmpty());
        assertTrue(driver.findElement(By.id("offers")).getText().contains("No offer matches"));
        type("f-max-price", "7200");
        waiting(5).until(d -> cards().size() == 1);
        type("f-min-vram", "48");
        waiting(5).until(d -> cards().isEmpty());
        type("f-min-vram", "");
        type("f-max-price", "");
        choose("f-model", "");
        waiting(5).until(d -> cards().size() == all);
        choose("f-sort", "price-desc");
        // the cards are drawn again after the change: read them once they are, not while they are replaced
        List<Long> prices = waiting(5).until(d -> {
            try {
                List<Long> p = cards().stream().map(c -> Long.parseLong(c.findElement(By.cssSelector(".price"))
                        .getText().replaceAll("[^0-9]", ""))).toList();
                return p.size() == all && p.equals(p.stream().sorted(java.util.Comparator.reverseOrder()).toList())
                        ? p : null;
            } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
                return null;
            }
        });
        assertEquals(all, prices.size(), "sorted by price");
        assertTrue(driver.findElement(By.cssSelector("#stats [data-stat='totalOffers']")).getText().matches("\\d+"));
        assertEquals(List.of(), Browsers.severe(Browsers.consoleEntries(driver)));
    }

    @Test
    @Order(2)
    void aSignedInWalletSeesWhyNothingMatchesThenRunsAPaidJobToAVerifiedReceipt() {
        open();
        Ed25519.KeyPair wallet = site.fundedAccount();
        type("key-seed", HexFormat.of().formatHex(wallet.seed()));
        driver.findElement(By.id("key-import")).click();
        waiting(10).until(d -> d.findElement(By.id("wallet-address")).getText().equals(wallet.address()));
        driver.findElement(By.id("sign-in")).click();
        waiting(15).until(d -> d.findElement(By.id("wallet-badge")).getText().equals("signed in"));

        type("job-model", model);
        type("job-min-vram", "1000");
        driver.findElement(By.id("job-check")).click();
        WebElement noMatch = waiting(15).until(d -> d.findElement(By.id("no-match")));
        assertTrue(noMatch.getText().contains("No online miner"), noMatch.getText());
        assertTrue(noMatch.getText().contains("vram"), "names what excluded it: " + noMatch.getText());
        int before = answered.get();
        js("document.getElementById('match-result').replaceChildren();");
        driver.findElement(By.id("job-submit")).click();
        waiting(10).until(d -> d.findElement(By.id("no-match")).isDisplayed()); // submitting checks first
        assertTrue(driver.findElement(By.id("job-progress")).getAttribute("hidden") != null,
                "nothing is submitted when no miner would take it");

        type("job-min-vram", "");
        type("job-amount", "500");
        driver.findElement(By.id("job-submit")).click();
        waiting(20).until(d -> d.findElement(By.id("match-ok")));
        waiting(60).until(d -> "COMPLETED".equals(d.findElement(By.id("job-status")).getText()));
        WebElement verdict = waiting(30).until(d -> d.findElement(By.id("receipt-ok")));
        assertTrue(verdict.getText().contains("✓"), verdict.getText());
        assertTrue(driver.findElement(By.id("job-result")).getText().contains("Rayleigh scattering"));
        assertTrue(answered.get() > before, "our miner ran it");
        WebElement settle = waiting(60).until(d -> d.findElement(By.cssSelector("#job-links a[data-kind='settle']")));
        assertTrue(settle.getAttribute("href").contains("/explorer/tx/0x"), settle.getAttribute("href"));
        assertTrue(driver.findElement(By.cssSelector("#job-links a[data-kind='lock']")).getAttribute("href")
                .contains("/explorer/tx/0x"));
        assertTrue(driver.findElement(By.cssSelector("#job-links a[data-kind='receipt']")).getAttribute("href")
                .contains("/explorer/receipt/"));
        String href = settle.getAttribute("href");
        site.client.awaitIncluded(href.substring(href.lastIndexOf('/') + 1), Duration.ofSeconds(30)); // on chain
        String jobId = driver.findElement(By.id("job-id")).getText();

        driver.findElement(By.id("bid-capacity")).clear();
        driver.findElement(By.id("bid-capacity")).sendKeys("2");
        type("bid-notes", "page-bid-" + jobId);
        driver.findElement(By.id("bid-submit")).click();
        waiting(15).until(d -> d.findElement(By.id("bids")).getText().contains("page-bid-" + jobId));
        assertEquals(List.of(), Browsers.severe(Browsers.consoleEntries(driver)));
    }

    @Test
    @Order(3)
    void screenshotsAtDesktopAndPhoneWidthLightAndDark() {
        for (String theme : List.of("light", "dark")) {
            for (Dimension size : List.of(Browsers.DESKTOP, Browsers.PHONE)) {
                driver.manage().window().setSize(size);
                open();
                js("localStorage.setItem('aitbc-theme', arguments[0]); document.documentElement.dataset.theme = arguments[0];",
                        theme);
                Long full = (Long) js("return Math.min(3000, document.documentElement.scrollHeight);");
                driver.manage().window().setSize(new Dimension(size.width, Math.max(size.height, full.intValue())));
                Browsers.screenshot(driver, SHOTS, "marketplace-" + (size.equals(Browsers.PHONE) ? "phone" : "desktop")
                        + (theme.equals("dark") ? "-dark" : ""));
            }
        }
        driver.manage().window().setSize(Browsers.DESKTOP);
        assertEquals(List.of(), Browsers.severe(Browsers.consoleEntries(driver)));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
