package net.aitbc.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.testing.Http;
import net.aitbc.testing.Nginx;
import net.aitbc.testing.SeedTopology;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 point 2: Debian's nginx with the shipped routes (deploy/nginx/aitbc-routes.conf) in front of the seed's
 * three servers: every public path reaches the server and path the seed gives it, WebSocket upgrades pass, and
 * what must stay private does.
 */
class NginxRoutesIT {

    private final SeedTopology seed = SeedTopology.shared();
    private final String proxy = seed.nginx.baseUrl();

    @Test
    void theCoordinatorIsAtApiAndV1() {
        String direct = Http.get(seed.node1.url("/v1/health")).json().getString("status");
        for (String path : List.of("/api/health", "/api/v1/health", "/v1/health")) {
            Http.Response r = Http.get(proxy + path);
            assertEquals(200, r.status(), path + " " + r);
            assertEquals(direct, r.json().getString("status"), path);
            assertEquals("production", r.json().getString("mode"), path);
        }
        // a client key works through the proxy, and the coordinator's errors come back unchanged
        Http.Response jobs = Http.get(proxy + "/api/jobs", "X-Api-Key", seed.clientKey());
        assertEquals(200, jobs.status(), jobs.toString());
        Http.Response unauthorised = Http.get(proxy + "/api/jobs");
        assertEquals(401, unauthorised.status());
        assertEquals("unauthorized", unauthorised.json().getString("error"));
    }

    @Test
    void rpcRpc2AndRpc3AreTheThreeNodes() {
        assertEquals("node1", Http.get(proxy + "/rpc/status").json().getString("node_id"));
        assertEquals("node2", Http.get(proxy + "/rpc2/status").json().getString("node_id"));
        assertEquals("node3", Http.get(proxy + "/rpc3/status").json().getString("node_id"));
        assertTrue(Http.get(proxy + "/rpc/status").json().getBoolean("authority"), "node1 holds the authority key");
        assertEquals(Http.get(seed.node3.url("/rpc/head")).json().getJsonNumber("height").longValue(),
                Http.get(proxy + "/rpc3/head").json().getJsonNumber("height").longValue());
    }

    @Test
    void theExchangeAndThePagesAreServedBySiteA() {
        assertEquals(200, Http.get(proxy + "/exchange/health").status());
        assertEquals(200, Http.get(proxy + "/exchange/api/orders/orderbook").status());
        for (String[] page : List.of(new String[] {"/exchange/", "AITBC exchange"},
                new String[] {"/marketplace/", "AITBC marketplace"}, new String[] {"/wallet/", "AITBC wallet"},
                new String[] {"/explorer/", "AITBC explorer"}, new String[] {"/admin/", "AITBC admin"})) {
            Http.Response r = Http.get(proxy + page[0]);
            assertEquals(200, r.status(), page[0]);
            assertTrue(r.body().contains("<title>" + page[1]), page[0] + ": " + r);
            assertTrue(r.header("Content-Security-Policy") != null, "the servers' headers pass the proxy");
        }
        Http.Response root = Http.get(proxy + "/");
        assertEquals(200, root.status());
        assertTrue(root.body().contains("/explorer/"), "the explorer at /");
        assertEquals(200, Http.get(proxy + "/openapi").status());
        assertEquals(200, Http.get(proxy + "/health").status());
    }

    @Test
    void metricsAndProbesAreNotPublic() {
        assertEquals(404, Http.get(proxy + "/metrics").status());
        assertEquals(404, Http.get(proxy + "/health/ready").status());
        assertEquals(200, Http.get(seed.node1.url("/metrics")).status(), "Prometheus reaches the server itself");
    }

    @Test
    void aPagesOwnPostThroughTheProxyPassesTheSameOriginCheck() {
        // the browser sends Origin = the proxy's origin on a same-origin POST; nginx keeps the Host with its port
        Ed25519.KeyPair wallet = Ed25519.generate();
        Http.Response r = Http.post(proxy + "/v1/users/challenge", "{\"wallet_address\":\"" + wallet.address() + "\"}",
                "Origin", proxy);
        assertEquals(200, r.status(), r.toString());
        Http.Response foreign = Http.post(proxy + "/v1/users/challenge",
                "{\"wallet_address\":\"" + wallet.address() + "\"}", "Origin", "https://evil.example");
        assertEquals(400, foreign.status());
    }

    @Test
    void blockStreamsUpgradeThroughTheProxyForNode1AndNode3() throws Exception {
        LinkedBlockingQueue<String> node1Blocks = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<String> node3Blocks = new LinkedBlockingQueue<>();
        HttpClient http = HttpClient.newHttpClient();
        String ws = "ws://" + seed.nginx.host() + ":" + seed.nginx.port();
        WebSocket a = http.newWebSocketBuilder().buildAsync(URI.create(ws + "/rpc/ws/blocks"), collector(node1Blocks))
                .get(10, TimeUnit.SECONDS);
        WebSocket c = http.newWebSocketBuilder().buildAsync(URI.create(ws + "/rpc3/ws/blocks"),
                collector(node3Blocks)).get(10, TimeUnit.SECONDS);
        Thread.sleep(500); // the servers subscribe in @OnOpen, just after the handshake
        String hash = seed.viaNginx.transfer(seed.fundedAccount(), Ed25519.generate().address(), 5, 1);
        long height = seed.viaNginx.awaitIncluded(hash, Duration.ofSeconds(20));
        assertEquals(height, heightOf(node1Blocks, height), "node1's stream through /rpc/ws/");
        assertEquals(height, heightOf(node3Blocks, height), "node3's stream through /rpc3/ws/ (site C got it)");
        a.abort();
        c.abort();
    }

    @Test
    void theShippedSiteConfigurationDefinesTheUpstreamsTheRoutesUse() throws Exception {
        String site = Files.readString(Nginx.ROUTES.resolveSibling("aitbc.conf"));
        String routes = Files.readString(Nginx.ROUTES);
        for (String upstream : List.of("aitbc_node1", "aitbc_node2", "aitbc_node3")) {
            assertTrue(site.contains("upstream " + upstream + " {"), upstream);
            assertTrue(routes.contains("http://" + upstream), upstream + " is used");
        }
        assertTrue(site.contains("include /etc/nginx/aitbc-routes.conf;"));
        assertTrue(site.contains("map $http_upgrade $connection_upgrade"));
    }

    private static long heightOf(LinkedBlockingQueue<String> blocks, long wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String m = blocks.poll(1, TimeUnit.SECONDS);
            if (m != null) {
                JsonObject b = Json.createReader(new StringReader(m)).readObject();
                if (b.getJsonNumber("height").longValue() >= wanted) {
                    return b.getJsonNumber("height").longValue();
                }
            }
        }
        return -1;
    }

    private static WebSocket.Listener collector(LinkedBlockingQueue<String> queue) {
        return new WebSocket.Listener() {
            private final StringBuilder part = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                part.append(data);
                if (last) {
                    queue.add(part.toString());
                    part.setLength(0);
                }
                socket.request(1);
                return null;
            }
        };
    }
}
