package net.aitbc.platform.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.aitbc.testing.CoordinatorCluster;
import net.aitbc.testing.ExchangeSite;
import net.aitbc.testing.Http;
import net.aitbc.testing.browser.Browsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Issue 17 point 6: every answer carries the security headers, and every page runs under the Content-Security-
 * Policy with no violation in Chromium (violations are collected by a listener installed before any page script).
 */
class SecurityHeadersIT {

    private static final String RECORD_VIOLATIONS = "window.__cspViolations = [];"
            + "document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push("
            + "e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));";

    private static ChromeDriver browser;

    @BeforeAll
    static void openBrowser() {
        browser = Browsers.chromium();
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", RECORD_VIOLATIONS));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void pagesApisAndErrorsCarryTheSecurityHeaders() {
        String base = ExchangeSite.shared().exchange.baseUrl();
        for (Http.Response r : List.of(Http.get(base + "/explorer/"), Http.get(base + "/rpc/head"),
                Http.get(base + "/exchange/health"), Http.get(base + "/rpc/blocks/999999999"),
                Http.get(base + "/no/such/page"), Http.get(base + "/rpc/head", "Origin", "https://evil.example"))) {
            String what = r.status() + " " + r.body().substring(0, Math.min(80, r.body().length()));
            String csp = r.header("Content-Security-Policy");
            assertNotNull(csp, "CSP on " + what);
            assertTrue(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'")
                    && !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), csp);
            assertEquals("nosniff", r.header("X-Content-Type-Options"), what);
            assertEquals("no-referrer", r.header("Referrer-Policy"), what);
            assertEquals("DENY", r.header("X-Frame-Options"), what);
            assertEquals(null, r.header("Server"), "no Server header: " + what);
            assertEquals(null, r.header("X-Powered-By"), what);
        }
    }

    @Test
    void everyPageRunsUnderThePolicyWithNoViolation() {
        String exchangeSite = ExchangeSite.shared().exchange.baseUrl();
        String coordinatorSite = CoordinatorCluster.shared().a.baseUrl();
        for (String page : List.of(exchangeSite + "/", exchangeSite + "/explorer/", exchangeSite + "/exchange/",
                exchangeSite + "/wallet/", coordinatorSite + "/marketplace/", coordinatorSite + "/admin/")) {
            browser.get(page);
            Browsers.waiting(browser, 20).until(d -> "complete".equals(Browsers.js(d, "return document.readyState")));
            sleep(Duration.ofMillis(1500)); // module scripts, their fetches and the first redraw
            Object violations = Browsers.js(browser, "return window.__cspViolations || ['listener missing']");
            assertEquals(List.of(), violations, "CSP violations on " + page);
            List<String> cspConsole = Browsers.consoleEntries(browser).stream().map(e -> e.getMessage())
                    .filter(m -> m.contains("Content Security Policy")).toList();
            assertEquals(List.of(), cspConsole, page);
        }
        // the detector itself: an inline script added now is refused, and the listener sees it
        Browsers.js(browser, "const s = document.createElement('script'); s.textContent = 'window.__ran = 1';"
                + "document.head.appendChild(s);");
        Browsers.waiting(browser, 5).until(d -> !((List<?>) Browsers.js(d, "return window.__cspViolations")).isEmpty());
        assertEquals(null, Browsers.js(browser, "return window.__ran === undefined ? null : window.__ran"));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
