package net.aitbc.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The exchange page in a real headless Chromium against the shared exchange site (roles exchange, web and node on
 * PostgreSQL): a maker's SELL placed through the API reaches the page's book by the stream, a funded trader signs
 * in from the page with its pasted key (the challenge signed in the browser), a click on the sell level prepares a
 * BUY at its price, the order fills the maker's (shown in the trader's fills, FILLED by the API), a resting BUY
 * placed from the page is canceled from the page (CANCELED by the API); the book's hash recomputed in the browser
 * matches, the solvency recomputed in the browser is "solvent ✓"; no console errors; screenshots at desktop and
 * phone width.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExchangePageIT {

    private static final Path SHOTS = Path.of("target/screenshots");
    private static final Dimension DESKTOP = new Dimension(1280, 900);
    private static final Dimension PHONE = new Dimension(375, 812);
    private static final long UNITS = 100_000_000L; // per AITBC

    private ExchangeSite site;
    private ChromeDriver driver;

    @BeforeAll
    void start() {
        site = ExchangeSite.shared();
        site.awaitSolvency(); // right after a start the exchange has not yet followed the chain (503)
        driver = Browsers.chromium();
        driver.manage().window().setSize(DESKTOP);
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
    }

    private WebDriverWait waiting(int seconds) {
        return Browsers.waiting(driver, seconds);
    }

    private Object js(String script, Object... args) {
        return Browsers.js(driver, script, args);
    }

    private String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    /** Opens the page and waits until its copy of the book has been checked against the server's hash. */
    private void open() {
        driver.get(site.exchange.url("/exchange/"));
        waiting(20).until(d -> js("return document.body.dataset.ready || null") != null);
        waiting(20).until(d -> text("book-consistency").contains("consistent ✓"));
    }

    private void type(String id, String value) {
        WebElement e = driver.findElement(By.id(id));
        e.clear();
        if (!value.isEmpty()) {
            e.sendKeys(value);
        }
    }

    /** Clicks an element the page may be redrawing (the book and the own orders are redrawn at every update). */
    private void click(By by, int seconds) {
        waiting(seconds).until(d -> {
            WebElement e = d.findElement(by);
            js("arguments[0].scrollIntoView({block: 'center'});", e); // clear of the sticky header
            e.click();
            return true;
        });
    }

    private static String id(JsonObject o) {
        JsonValue v = o.get("id");
        return v instanceof JsonString s ? s.getString() : v.toString();
    }

    private static long best(JsonObject book, String side) {
        JsonArray levels = book.getJsonArray(side);
        return levels.isEmpty() ? -1 : levels.getJsonObject(0).getJsonNumber("price").longValue();
    }

    /**
     * A price strictly inside the spread of the shared book (other tests leave orders in it), so that the maker's
     * SELL is the best ask and a BUY one satoshi lower rests.
     */
    private long priceInsideTheSpread(ExchangeSite.Trader trader) {
        Http.Response r = site.get(trader, "/exchange/api/orders/orderbook?depth=1");
        assertEquals(200, r.status(), r.body());
        long bid = best(r.json(), "buys");
        long ask = best(r.json(), "sells");
        long price;
        if (bid < 0 && ask < 0) {
            price = 50_000;
        } else if (ask < 0) {
            price = bid + 1_000;
        } else if (bid < 0) {
            price = Math.max(2, ask / 2);
        } else {
            price = bid + (ask - bid) / 2;
        }
        assertTrue(price > Math.max(bid, 1) && (ask < 0 || price < ask),
                "no whole price inside the shared book's spread: bid " + bid + ", ask " + ask);
        return price;
    }

    private Optional<JsonObject> ownOrder(ExchangeSite.Trader trader, String orderId) {
        Http.Response r = site.get(trader, "/exchange/api/my/orders?limit=500");
        assertEquals(200, r.status(), r.body());
        return r.json().getJsonArray("orders").stream().map(JsonValue::asJsonObject)
                .filter(o -> id(o).equals(orderId)).findFirst();
    }

    private String statusOf(ExchangeSite.Trader trader, String orderId) {
        return ownOrder(trader, orderId).map(o -> o.getString("status")).orElse("missing");
    }

    @Test
    @Order(1)
    void aTraderSignsInTakesASellLevelFromTheBookAndCancelsARestingBuy() {
        open();
        ExchangeSite.Trader maker = site.trader(10 * UNITS, 0);
        long price = priceInsideTheSpread(maker);
        ExchangeSite.Trader taker = site.trader(0, 2 * price + 1_000_000);
        Http.Response placed = site.post(maker, "/exchange/api/orders",
                "{\"order_type\":\"SELL\",\"amount\":" + (UNITS / 2) + ",\"price\":" + price + "}");
        assertEquals(201, placed.status(), placed.body());
        String makerOrder = id(placed.json());

        // signed in from the page with the pasted key: the challenge is signed in the browser
        type("key-seed", HexFormat.of().formatHex(taker.key().seed()));
        driver.findElement(By.id("sign-in")).click();
        waiting(15).until(d -> text("signed-in-as").equals(taker.key().address()));
        assertEquals("", driver.findElement(By.id("key-seed")).getAttribute("value"), "the key is not left on the page");
        waiting(10).until(d -> driver.findElement(By.id("balance-btc-available")).getAttribute("data-units") != null);
        assertEquals(String.valueOf(2 * price + 1_000_000),
                driver.findElement(By.id("balance-btc-available")).getAttribute("data-units"));

        // the maker's level came by the stream; a click on it prepares a BUY at its price
        click(By.cssSelector("#book-sells tr.level[data-price='" + price + "']"), 15);
        assertEquals("BUY", new Select(driver.findElement(By.id("order-side"))).getFirstSelectedOption().getText());
        assertEquals(String.valueOf(price), driver.findElement(By.id("order-price")).getAttribute("value"));
        type("order-amount", "0.5");
        assertTrue(text("order-preview").contains(String.format("%,d", UNITS / 2)), text("order-preview"));
        driver.findElement(By.id("order-submit")).click();
        waiting(15).until(d -> text("order-message").contains("FILLED"));

        String tradeId = waiting(15).until(d -> d.findElement(By.cssSelector("#my-fills tbody tr[data-trade-id]"))
                .getAttribute("data-trade-id"));
        assertEquals(makerOrder, waitForStatus(maker, makerOrder, "FILLED"), "the maker's order is filled");
        By link = By.cssSelector("#my-fills tr[data-trade-id='" + tradeId + "'] a.trade-link");
        String href = waiting(10).until(d -> d.findElement(link).getAttribute("href"));
        assertTrue(href.endsWith("#trade-" + tradeId), href);
        click(link, 10);
        WebElement detail = waiting(10).until(d -> d.findElement(By.id("trade-detail-fields")));
        assertEquals(tradeId, detail.getAttribute("data-trade-id"));
        assertTrue(detail.getText().contains(String.format("%,d", price)), detail.getText());
        waiting(10).until(d -> !d.findElements(By.cssSelector("#recent-trades tr[data-trade-id='" + tradeId + "']")).isEmpty());

        // a BUY below every ask rests, is listed with filled and remaining, and is canceled from the page
        long low = price - 1;
        new Select(driver.findElement(By.id("order-side"))).selectByValue("BUY");
        type("order-price", String.valueOf(low));
        type("order-amount", "0.25");
        driver.findElement(By.id("order-submit")).click();
        String restingId = waiting(15).until(d -> d.findElement(
                By.cssSelector("#my-orders tr[data-order-id][data-price='" + low + "']")).getAttribute("data-order-id"));
        assertEquals("OPEN", statusOf(taker, restingId));
        waiting(15).until(d -> !d.findElements(By.cssSelector("#book-buys tr.level[data-price='" + low + "']")).isEmpty());
        click(By.cssSelector("#my-orders tr[data-order-id='" + restingId + "'] button.cancel"), 10);
        waiting(15).until(d -> {
            List<WebElement> rows = d.findElements(By.cssSelector("#my-orders tr[data-order-id='" + restingId + "']"));
            return rows.isEmpty() || "CANCELED".equals(rows.get(0).getAttribute("data-status"));
        });
        assertEquals("CANCELED", statusOf(taker, restingId));

        // the book's hash recomputed here matches the server's; the solvency recomputed here at the new blocks
        waiting(15).until(d -> text("book-consistency").contains("consistent ✓"));
        WebElement solvency = waiting(30).until(d -> "browser".equals(d.findElement(By.id("solvency")).getAttribute("data-source"))
                ? d.findElement(By.id("solvency-status")) : null);
        assertTrue(solvency.getText().contains("solvent ✓"), solvency.getText() + ": " + text("solvency"));
        assertTrue(driver.findElement(By.id("solvency-height")).getAttribute("data-height").matches("\\d+"));
        assertEquals(List.of(), Browsers.severe(Browsers.consoleEntries(driver)));
    }

    private String waitForStatus(ExchangeSite.Trader trader, String orderId, String status) {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!status.equals(statusOf(trader, orderId)) && System.nanoTime() < until) {
            sleep(200);
        }
        assertEquals(status, statusOf(trader, orderId), "order " + orderId);
        return orderId;
    }

    @Test
    @Order(2)
    void screenshotsAtDesktopAndPhoneWidth() {
        for (Dimension size : List.of(DESKTOP, PHONE)) {
            driver.manage().window().setSize(size);
            open();
            // elements that stick out of the window and are not inside a scrolling box
            Object wide = js("const w = window.innerWidth; const clipped = e => { for (let p = e.parentElement; p && p !== document.body;"
                    + " p = p.parentElement) { if (getComputedStyle(p).overflowX !== 'visible') return true; }"
                    + " return false; }; return [...document.querySelectorAll('body *')]"
                    + ".filter(e => e.getBoundingClientRect().right > w + 1 && !clipped(e)).slice(0, 4)"
                    + ".map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"
                    + ".join(', ') + '; scrollWidth ' + document.documentElement.scrollWidth + ' of ' + w;");
            boolean fits = (Boolean) js("return document.documentElement.scrollWidth <= window.innerWidth + 1;");
            Long full = (Long) js("return Math.min(4000, document.documentElement.scrollHeight);");
            driver.manage().window().setSize(new Dimension(size.width, Math.max(size.height, full.intValue())));
            Browsers.screenshot(driver, SHOTS, "exchange-" + (size.equals(PHONE) ? "phone" : "desktop"));
            assertTrue(fits, "nothing wider than the window at " + size + "; wider: " + wide);
        }
        driver.manage().window().setSize(DESKTOP);
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
