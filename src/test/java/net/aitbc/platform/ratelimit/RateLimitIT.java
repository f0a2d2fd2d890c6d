package net.aitbc.platform.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.testing.BoundHttp;
import net.aitbc.testing.Http;
import net.aitbc.testing.SeedTopology;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 point 1 on the production topology with operations.md's default limits, through the real nginx: the
 * client's own IP reaches the limiter (X-Forwarded-For believed only from the proxy), each key and each IP has its
 * own bucket, a denial is a 429 with Retry-After and the JSON error, and health and pages are never limited.
 * Each test plays its own client machines (127.0.0.x source addresses) and keys.
 */
class RateLimitIT {

    private static final int RPC_WRITES = 100;
    private static final int CLIENT = 100;
    private static final int SIGN_IN = 60;

    private final SeedTopology seed = SeedTopology.shared();
    private final String proxy = seed.nginx.baseUrl();

    @Test
    void rpcWritesAreCountedPerClientIpBehindTheProxy() {
        String client = "127.0.0.11";
        Http.Response limited = untilLimited(RPC_WRITES, 400,
                () -> BoundHttp.send(client, "POST", proxy + "/rpc/sendTx", "{}"));
        assertLimited(limited, "rpc_write");
        // another machine behind the same proxy has its own bucket
        assertEquals(400, BoundHttp.send("127.0.0.12", "POST", proxy + "/rpc/sendTx", "{}").status());
        // a client that talks to the server directly cannot pick its bucket with X-Forwarded-For
        assertEquals(400, BoundHttp.send("127.0.0.13", "POST", seed.node1.url("/rpc/sendTx"), "{}",
                "X-Forwarded-For", "127.0.0.12").status());
        Http.Response spoofed = BoundHttp.send("127.0.0.11", "POST", seed.node1.url("/rpc/sendTx"), "{}",
                "X-Forwarded-For", "127.0.0.99");
        assertLimited(spoofed, "rpc_write");
        // reads are not writes
        assertEquals(200, BoundHttp.send(client, "GET", proxy + "/rpc/head", null).status());
    }

    @Test
    void aClientKeyGetsItsHundredPerMinuteAndAnotherKeyIsUnaffected() {
        String key = seed.clientKey();
        String other = seed.clientKey();
        int[] machine = {0};
        // from several machines: the limit is the key's, wherever it is used
        assertLimited(untilLimited(CLIENT, 200, () -> BoundHttp.send("127.0.0." + (20 + machine[0]++ % 3), "GET",
                proxy + "/api/jobs", null, "X-Api-Key", key)), "client");
        assertLimited(Http.get(seed.node1.url("/v1/jobs"), "X-Api-Key", key), "client");
        assertEquals(200, Http.get(proxy + "/api/jobs", "X-Api-Key", other).status());
        // a wrong key is a 401, never counted against anyone
        assertEquals(401, Http.get(proxy + "/api/jobs", "X-Api-Key", "not-a-key").status());
        assertTrue(deniedCount("client") >= 2, "the denials are in the metrics");
    }

    @Test
    void theSignInIsLimitedPerIpBeforeThereIsAWallet() {
        String client = "127.0.0.31";
        String body = "{\"wallet_address\":\"" + Ed25519.generate().address() + "\"}";
        assertLimited(untilLimited(SIGN_IN, 200, () -> BoundHttp.send(client, "POST", proxy + "/v1/users/challenge",
                body)), "sign_in");
        assertLimited(BoundHttp.send(client, "POST", proxy + "/exchange/api/auth/challenge", body), "sign_in");
        assertEquals(200, BoundHttp.send("127.0.0.32", "POST", proxy + "/v1/users/challenge", body).status());
    }

    @Test
    void healthMetricsAndPagesAreNeverLimited() {
        String client = "127.0.0.41";
        for (int i = 0; i < 250; i++) {
            String path = switch (i % 5) {
                case 0 -> "/health";
                case 1 -> "/v1/health";
                case 2 -> "/explorer/";
                case 3 -> "/explorer/js/app.js";
                default -> "/exchange/health";
            };
            assertEquals(200, BoundHttp.send(client, "GET", proxy + path, null).status(), path + " #" + i);
        }
        for (int i = 0; i < 150; i++) {
            assertEquals(200, Http.get(seed.node1.url("/metrics")).status());
            assertEquals(200, Http.get(seed.node1.url("/health/ready")).status());
        }
    }

    /**
     * Sends until the first 429 and returns it. The bucket refills while the test sends (100 a minute: one request
     * every 0.6 s), so the first refusal comes after at least the limit and at most the limit plus what came back.
     */
    private static Http.Response untilLimited(int perMinute, int expectedStatus,
                                              java.util.function.Supplier<Http.Response> request) {
        long start = System.nanoTime();
        for (int sent = 0; ; sent++) {
            Http.Response r = request.get();
            if (r.status() == 429) {
                double refilled = (System.nanoTime() - start) / 1e9 * perMinute / 60.0;
                assertTrue(sent >= perMinute, "limited after only " + sent + " of " + perMinute);
                assertTrue(sent <= perMinute + refilled + 1, sent + " passed; limit " + perMinute + " + " + refilled);
                return r;
            }
            assertEquals(expectedStatus, r.status(), "request " + sent + " is answered, not limited: " + r);
            assertTrue(sent < perMinute * 2, "never limited");
        }
    }

    private static void assertLimited(Http.Response r, String limit) {
        assertEquals(429, r.status(), r.toString());
        assertEquals("rate_limited", r.json().getString("error"));
        assertTrue(r.json().getString("detail").contains(limit), r.json().getString("detail"));
        String retryAfter = r.header("Retry-After");
        assertNotEquals(null, retryAfter, "Retry-After");
        long seconds = Long.parseLong(retryAfter);
        assertTrue(seconds >= 1 && seconds <= 60, retryAfter);
    }

    private double deniedCount(String limit) {
        String metrics = Http.get(seed.node1.url("/metrics?scope=application")).body();
        Matcher m = Pattern.compile("(?m)^aitbc_rate_limit_denied_total\\{[^}]*limit=\"" + limit + "\"[^}]*\\} ([0-9.eE+]+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
