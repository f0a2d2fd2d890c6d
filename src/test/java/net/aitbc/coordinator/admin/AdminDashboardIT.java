package net.aitbc.coordinator.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.protocol.EscrowPayload;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxType;
import net.aitbc.coordinator.jobs.JobState;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin dashboard against the shared coordinator site (server a: coordinator and web, no node role, the chain
 * at AITBC_CHAIN_URL). Over HTTP: the audit trail needs an admin key (401 without, 403 with a client key), is newest
 * first and bounded; the node's state and the open escrows come from the configured chain; /metrics has the
 * coordinator's gauges. In a real headless Chromium: a wrong key shows the server's error and keeps nothing; the
 * admin key shows the node's height (a block the node has), jobs by state following a job submitted and canceled
 * here, a miner registered here coming online and going with its deactivation, that deactivation in the audit trail,
 * the open escrows; the key is in sessionStorage only, survives a reload and is forgotten at sign-out; no console
 * errors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminDashboardIT {

    private static final Path SHOTS = Path.of("target/screenshots");
    private static final String STORE = "aitbc-admin-key";
    private static final String ADMIN = CoordinatorCluster.ADMIN;

    private CoordinatorCluster site;
    private LibertyServer a;
    private ChromeDriver driver;
    private final List<Thread> heartbeats = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);

    @BeforeAll
    void start() {
        site = CoordinatorCluster.shared();
        a = site.a;
        driver = Browsers.chromium();
    }

    @AfterAll
    void stop() {
        running.set(false);
        if (driver != null) {
            driver.quit();
        }
    }

    // ---- HTTP helpers ----

    private Http.Response admin(String path) {
        return Http.get(a.url(path), "X-Api-Key", ADMIN);
    }

    private static void assertError(Http.Response r, int status, String error) {
        assertEquals(status, r.status(), r.toString());
        assertEquals(error, r.json().getString("error"), r.toString());
        assertTrue(r.json().getString("detail", "").length() > 0, "the error says why: " + r);
    }

    private JsonObject stats() {
        Http.Response r = admin("/v1/admin/stats");
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    private long jobsIn(JobState state) {
        return stats().getJsonObject("jobs_by_state").getJsonNumber(state.name()).longValue();
    }

    private TestMiner registeredMiner() {
        return new TestMiner(site.minerKey(), Ed25519.generate().address())
                .register(a, TestMiner.gpu("NVIDIA RTX 4090", 24, "12.2", "admin-it-" + UUID.randomUUID()), 1);
    }

    /** Keeps a miner online (the site's offline window is 3 s) until {@link #stop} or the returned flag is cleared. */
    private AtomicBoolean heartbeating(TestMiner miner) {
        AtomicBoolean on = new AtomicBoolean(true);
        Thread t = new Thread(() -> {
            while (running.get() && on.get()) {
                try {
                    miner.heartbeat(a);
                } catch (RuntimeException e) {
                    // a deactivated miner's heartbeat may be refused; the loop ends with its flag
                }
                sleep(700);
            }
        }, "admin-it-heartbeat");
        t.setDaemon(true);
        t.start();
        heartbeats.add(t);
        return on;
    }

    private void setActive(TestMiner miner, boolean active) {
        Http.Response r = Http.post(a.url("/v1/admin/miners/" + miner.id() + (active ? "/activate" : "/deactivate")), "",
                "X-Api-Key", ADMIN);
        assertEquals(200, r.status(), r.toString());
    }

    /** A job no miner takes (a model of its own, nobody polls for it): it stays QUEUED until canceled. */
    private String queuedJob(String clientKey) {
        Http.Response r = Http.post(a.url("/v1/jobs"), Json.createObjectBuilder()
                .add("payload", Json.createObjectBuilder().add("model", "admin-it-" + UUID.randomUUID()).add("prompt", "p"))
                .add("ttl_seconds", 600).build().toString(), "X-Api-Key", clientKey);
        assertEquals(201, r.status(), r.toString());
        assertEquals("QUEUED", r.json().getString("state"), r.toString());
        return r.json().getString("job_id");
    }

    private void cancel(String clientKey, String jobId) {
        Http.Response r = Http.post(a.url("/v1/jobs/" + jobId + "/cancel"), "", "X-Api-Key", clientKey);
        assertEquals(200, r.status(), r.toString());
    }

    /** An OPEN escrow of {@code amount} on chain, signed by a funded account of the site, in a block. */
    private void lockEscrow(long amount) {
        Ed25519.KeyPair payer = site.fundedAccount();
        long expires = site.client.height() + 10_000;
        SignedTx lock = SignedTx.sign(site.chain.chainId(), TxType.ESCROW_LOCK,
                site.client.balance(payer.address()).nextNonce(), 0,
                EscrowPayload.lock(amount, Ed25519.generate().address(), expires, "admin-it"), payer);
        site.client.awaitIncluded(site.client.send(lock), Duration.ofSeconds(30));
    }

    /** The OPEN escrows' amounts added up by the test itself, page by page from the node. */
    private long openEscrowSumFromTheNode() {
        long sum = 0;
        for (int offset = 0; ; offset += 100) {
            JsonArray page = site.client.get("/rpc/escrows?status=OPEN&limit=100&offset=" + offset).getJsonArray("escrows");
            for (JsonObject e : page.getValuesAs(JsonObject.class)) {
                sum += e.getJsonNumber("amount").longValue();
            }
            if (page.size() < 100) {
                return sum;
            }
        }
    }

    /** The value of one Prometheus sample line of /metrics, or null when there is none (NaN does not match). */
    private static Double sample(String metrics, String name, String tag) {
        Matcher m = Pattern.compile("^" + name + "(\\{[^}]*\\})? ([0-9][0-9.E+-]*)$", Pattern.MULTILINE).matcher(metrics);
        while (m.find()) {
            if (tag == null || (m.group(1) != null && m.group(1).contains(tag))) {
                return Double.valueOf(m.group(2));
            }
        }
        return null;
    }

    // ---- browser helpers ----

    private WebDriverWait waiting(int seconds) {
        return Browsers.waiting(driver, seconds);
    }

    private Object js(String script, Object... args) {
        return Browsers.js(driver, script, args);
    }

    private String state() {
        return (String) js("return document.body.dataset.state || null;");
    }

    private void awaitState(String state, int seconds) {
        waiting(seconds).until(d -> state.equals(state()));
    }

    private String attr(String id, String name) {
        return driver.findElement(By.id(id)).getAttribute(name);
    }

    private String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private long refreshes() {
        Object n = js("return document.body.dataset.refreshes || '0';");
        return Long.parseLong(n.toString());
    }

    /**
     * Waits for {@code n} more rounds of the page's refresh: after two, the page shows an answer to a request sent
     * after this call (the round running at the call may have asked before).
     */
    private void awaitRounds(int n) {
        long from = refreshes();
        waiting(40).until(d -> refreshes() >= from + n);
    }

    private long jobsShown(JobState state) {
        return Long.parseLong(driver.findElement(By.cssSelector("#jobs-by-state tbody tr[data-state='" + state.name()
                + "'] td")).getAttribute("data-count"));
    }

    private long minersOnlineShown() {
        return Long.parseLong(attr("miners-online", "data-count"));
    }

    private void type(String id, String value) {
        WebElement e = driver.findElement(By.id(id));
        e.clear();
        e.sendKeys(value);
    }

    private void signInWith(String key) {
        type("admin-key", key);
        driver.findElement(By.id("key-submit")).click();
    }

    private List<String> severe() {
        return Browsers.severe(Browsers.consoleEntries(driver));
    }

    /** The page with nothing kept in this tab. */
    private void openFresh() {
        driver.get(a.url("/admin/"));
        waiting(20).until(d -> js("return document.body.dataset.ready || null;") != null);
        js("sessionStorage.clear();");
        driver.navigate().refresh();
        waiting(20).until(d -> js("return document.body.dataset.ready || null;") != null);
        awaitState("signed-out", 10);
    }

    // ---- over HTTP ----

    @Test
    @Order(1)
    void theAuditTrailNeedsAnAdminKeyAndIsNewestFirstAndBounded() {
        assertError(Http.get(a.url("/v1/admin/audit")), 401, "unauthorized");
        assertError(Http.get(a.url("/v1/admin/audit"), "X-Api-Key", "not-a-key-" + UUID.randomUUID()), 401, "unauthorized");
        assertError(Http.get(a.url("/v1/admin/audit"), "X-Api-Key", site.clientKey()), 403, "forbidden");
        assertError(Http.get(a.url("/v1/admin/audit"), "X-Api-Key", site.minerKey()), 403, "forbidden");
        assertError(admin("/v1/admin/audit?limit=0"), 400, "invalid_field");
        assertError(admin("/v1/admin/audit?limit=501"), 400, "invalid_field");

        TestMiner miner = registeredMiner();
        setActive(miner, false);
        setActive(miner, true);
        JsonObject two = admin("/v1/admin/audit?limit=2").json();
        assertEquals(2, two.getInt("limit"));
        List<JsonObject> events = two.getJsonArray("events").getValuesAs(JsonObject.class);
        assertEquals(2, events.size(), two.toString());
        assertEquals(2, two.getInt("count"));
        assertEquals("miner_activated", events.get(0).getString("event"), "newest first: " + two);
        assertEquals("miner_deactivated", events.get(1).getString("event"), two.toString());
        for (JsonObject e : events) {
            assertEquals(miner.id(), e.getString("miner_id"), e.toString());
            assertTrue(e.getString("time").matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), e.toString());
            assertFalse(e.getString("node_id").isBlank(), e.toString());
            assertFalse(e.toString().contains(ADMIN), "no key in the audit trail: " + e);
        }
        JsonObject byDefault = admin("/v1/admin/audit").json();
        assertEquals(50, byDefault.getInt("limit"));
        int n = byDefault.getJsonArray("events").size();
        assertTrue(n >= 2 && n <= 50, byDefault.toString());
        assertEquals(events.get(0), byDefault.getJsonArray("events").getJsonObject(0), "the same newest event");
        assertEquals(500, admin("/v1/admin/audit?limit=500").json().getInt("limit"));
    }

    @Test
    @Order(2)
    void theNodeAndTheOpenEscrowsComeFromTheConfiguredChain() {
        assertError(Http.get(a.url("/v1/admin/nodes")), 401, "unauthorized");
        assertError(Http.get(a.url("/v1/admin/escrows/open"), "X-Api-Key", site.clientKey()), 403, "forbidden");

        long before = site.client.height();
        JsonObject nodes = admin("/v1/admin/nodes").json();
        assertFalse(nodes.getBoolean("node_role"), nodes.toString());
        assertEquals(List.of("coordinator", "web"), nodes.getJsonArray("roles").getValuesAs(jakarta.json.JsonString.class)
                .stream().map(jakarta.json.JsonString::getString).toList());
        assertEquals(site.node.baseUrl(), nodes.getString("chain_url"));
        assertTrue(nodes.getBoolean("reachable"), nodes.toString());
        JsonObject sync = nodes.getJsonObject("sync");
        long height = sync.getJsonNumber("height").longValue();
        assertTrue(height >= before && height <= site.client.height(), height + " after " + before);
        assertEquals(site.client.get("/rpc/blocks/" + height).getString("hash"), sync.getString("head_hash"),
                "the node's block at that height");

        lockEscrow(777);
        long expected = openEscrowSumFromTheNode();
        JsonObject open = admin("/v1/admin/escrows/open").json();
        assertEquals(expected, openEscrowSumFromTheNode(), "no escrow moved while the server summed");
        assertEquals(expected, open.getJsonNumber("open_total").longValue(), open.toString());
        assertTrue(open.getBoolean("complete") && open.getBoolean("consistent"), open.toString());
        assertTrue(open.getJsonNumber("open_count").longValue() >= 1, open.toString());
        assertEquals(site.client.head().getString("hash"), open.getString("head_hash"));

        lockEscrow(555); // a new block: the kept sum must not be served for it
        JsonObject after = admin("/v1/admin/escrows/open").json();
        assertEquals(expected + 555, after.getJsonNumber("open_total").longValue(), after.toString());
        assertEquals(open.getJsonNumber("open_count").longValue() + 1, after.getJsonNumber("open_count").longValue());
    }

    @Test
    @Order(3)
    void metricsHaveTheJobAndMinerGaugesAndTheyFollowTheDatabase() {
        String metrics = Http.get(a.url("/metrics")).body();
        for (JobState s : JobState.values()) {
            assertTrue(sample(metrics, "aitbc_jobs", "state=\"" + s.name() + "\"") != null,
                    "a number for aitbc_jobs{state=" + s + "} in:\n" + grep(metrics, "aitbc_"));
        }
        assertTrue(sample(metrics, "aitbc_miners_online", null) != null, grep(metrics, "aitbc_"));
        // request latency as a histogram: buckets of the REST timer (after at least the requests above)
        assertTrue(Pattern.compile("(?m)^REST_request_seconds_bucket\\{.*le=\"0\\.25\".*\\} [0-9]").matcher(metrics).find(),
                grep(metrics, "REST_request_seconds_bucket"));

        String client = site.clientKey();
        cancel(client, queuedJob(client));
        long canceled = jobsIn(JobState.CANCELED);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Double shown;
        do {
            sleep(500);
            shown = sample(Http.get(a.url("/metrics")).body(), "aitbc_jobs", "state=\"CANCELED\"");
        } while ((shown == null || shown < canceled) && System.nanoTime() < deadline);
        assertEquals((double) canceled, shown, "the gauge counts the job canceled here");
    }

    // ---- in the browser ----

    @Test
    @Order(4)
    void aWrongKeyShowsTheServersErrorAndNothingIsKept() {
        openFresh();
        Browsers.consoleEntries(driver); // start a clean console record
        signInWith("not-an-admin-key-" + UUID.randomUUID());
        WebElement error = waiting(20).until(d -> {
            WebElement e = d.findElement(By.id("error"));
            return e.isDisplayed() && e.getText().contains("refused") ? e : null;
        });
        assertTrue(error.getText().contains("401 unauthorized"), error.getText());
        assertTrue(error.getText().contains("the key in X-Api-Key is not valid"), "the server's own detail: " + error.getText());
        assertEquals("signed-out", state());
        assertFalse(driver.findElement(By.id("dashboard")).isDisplayed());
        assertEquals("true", attr("admin-key", "aria-invalid"));
        assertNull(js("return sessionStorage.getItem(arguments[0]);", STORE));

        signInWith(site.clientKey());
        waiting(20).until(d -> d.findElement(By.id("error")).getText().contains("403"));
        assertTrue(text("error").contains("forbidden") && text("error").contains("admin key"), text("error"));
        assertEquals("signed-out", state());
        assertNull(js("return sessionStorage.getItem(arguments[0]);", STORE));

        List<String> severe = severe();
        // the browser logs each refused request; those are the point of this test, anything else is not
        severe.removeIf(s -> s.contains("/v1/admin/stats") && (s.contains("401") || s.contains("403")));
        assertEquals(List.of(), severe);
    }

    @Test
    @Order(5)
    void theAdminKeyShowsTheNodeJobsMinersEscrowsAndAudit() {
        openFresh();
        long before = site.client.height();
        signInWith(ADMIN);
        awaitState("signed-in", 20);
        assertTrue(driver.findElement(By.id("dashboard")).isDisplayed());
        assertFalse(driver.findElement(By.id("error")).isDisplayed());

        // the key: in this tab's sessionStorage, nowhere else
        assertEquals(ADMIN, js("return sessionStorage.getItem(arguments[0]);", STORE));
        assertEquals(Boolean.FALSE, js("for (let i = 0; i < localStorage.length; i++) {"
                + " if ((localStorage.getItem(localStorage.key(i)) || '').includes(arguments[0])) return true; }"
                + " return false;", ADMIN));
        assertFalse(driver.getCurrentUrl().contains(ADMIN), driver.getCurrentUrl());
        assertEquals("", attr("admin-key", "value"), "the key is not left in the form");

        // the node: through AITBC_CHAIN_URL, a height the node has, with its block's hash
        String shownHeight = waiting(20).until(d -> attr("node-height", "data-height"));
        long height = Long.parseLong(shownHeight);
        assertTrue(height >= before && height <= site.client.height(), height + " after " + before);
        assertEquals(site.client.get("/rpc/blocks/" + height).getString("hash"), attr("node-head", "data-hash"));
        assertTrue(text("node-source").contains("no node role") && text("node-source").contains(site.node.baseUrl()),
                text("node-source"));
        assertEquals("0", text("peer-count"), "the site's node has no peers");
        assertTrue(driver.findElement(By.cssSelector("#peers tbody tr.empty")).getText().contains("no peers"));
        assertTrue(text("solvency-note").contains("no exchange role"), text("solvency-note"));

        // jobs by state: a job submitted here is counted QUEUED, then CANCELED
        String client = site.clientKey();
        String job = queuedJob(client);
        awaitRounds(2);
        assertTrue(jobsShown(JobState.QUEUED) >= 1, "our job is queued");
        long canceled = jobsIn(JobState.CANCELED);
        cancel(client, job);
        awaitRounds(2);
        assertEquals(canceled + 1, jobsShown(JobState.CANCELED), "the job canceled here");
        long sum = 0;
        for (JobState s : JobState.values()) {
            sum += jobsShown(s);
        }
        assertEquals(Long.parseLong(attr("jobs-sum", "data-count")), sum, "the states add up to the total shown");

        // miners online: up with a miner registered here, down again with its deactivation
        long steady = steadyOnlineCount();
        TestMiner miner = registeredMiner();
        AtomicBoolean beating = heartbeating(miner);
        waiting(30).until(d -> minersOnlineShown() == steady + 1);
        setActive(miner, false);
        waiting(30).until(d -> minersOnlineShown() == steady);
        beating.set(false);

        // the deactivation, in the audit trail
        WebElement row = waiting(30).until(d -> d.findElements(By.cssSelector("#audit tbody tr[data-event='miner_deactivated']"))
                .stream().filter(r -> r.getText().contains(miner.id())).findFirst().orElse(null));
        assertTrue(row.getText().contains("miner_id"), row.getText());
        assertEquals("miner_deactivated", driver.findElement(By.cssSelector("#audit tbody tr")).getAttribute("data-event"),
                "the newest event is first");

        // the open escrows: the server's sum
        String total = admin("/v1/admin/escrows/open").json().getJsonNumber("open_total").toString();
        waiting(20).until(d -> total.equals(attr("escrow-total", "data-units")));

        Browsers.screenshot(driver, SHOTS, "admin-desktop");
        assertEquals(List.of(), severe());
    }

    @Test
    @Order(6)
    void aReloadStaysSignedInAndSignOutForgetsTheKey() {
        driver.navigate().refresh();
        waiting(20).until(d -> js("return document.body.dataset.ready || null;") != null);
        awaitState("signed-in", 20);
        waiting(20).until(d -> attr("node-height", "data-height") != null);

        driver.findElement(By.id("sign-out")).click();
        awaitState("signed-out", 10);
        assertNull(js("return sessionStorage.getItem(arguments[0]);", STORE));
        assertFalse(driver.findElement(By.id("dashboard")).isDisplayed());
        assertEquals("–", js("return document.getElementById('node-height').textContent;"), "nothing shown is left");
        assertNull(attr("node-height", "data-height"));
        assertTrue(driver.findElement(By.id("admin-key")).isDisplayed());

        driver.navigate().refresh();
        waiting(20).until(d -> js("return document.body.dataset.ready || null;") != null);
        assertEquals("signed-out", state(), "a reload after sign-out does not sign in");
        assertEquals(List.of(), severe());
    }

    /** The online count once it holds still for the site's offline window (miners of earlier tests have gone). */
    private long steadyOnlineCount() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long last = stats().getJsonNumber("online_miners").longValue();
        while (System.nanoTime() < deadline) {
            sleep((CoordinatorCluster.OFFLINE_SECONDS + 1) * 1000L);
            long now = stats().getJsonNumber("online_miners").longValue();
            if (now == last) {
                long shown = last;
                waiting(30).until(d -> minersOnlineShown() == shown);
                return last;
            }
            last = now;
        }
        throw new AssertionError("the number of online miners never held still");
    }

    private static String grep(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).reduce("", (x, y) -> x + y + "\n");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
