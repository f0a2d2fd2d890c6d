package net.aitbc.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.aitbc.testing.Http;
import net.aitbc.testing.TestMiner;
import net.aitbc.testing.cluster.LibertyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The README's run command's configuration: no DATABASE_URL (embedded H2), dev mode, all roles. */
class EmbeddedDefaultSmokeIT extends SmokeChecks {

    private LibertyServer server;

    @BeforeAll
    void start() {
        server = LibertyServer.named("it-embedded").create().startAndAwaitReady();
    }

    @AfterAll
    void stop() {
        server.stop();
    }

    @Override
    LibertyServer server() {
        return server;
    }

    @Override
    String expectedDatabaseProduct() {
        return "H2";
    }

    @Test
    void devModeAnnouncesItsThrowAwaySecrets() {
        String console = server.console();
        assertTrue(console.contains("AITBC DEV MODE"), console);
        assertTrue(console.matches("(?s).*ADMIN_API_KEYS=[0-9a-f]{64}.*"), "generated admin key printed");
    }

    @Test
    void theAccessLogIsOffByDefault() throws Exception {
        String path = "/rpc/head?access-log-probe=" + System.nanoTime();
        assertEquals(200, Http.get(server.url(path)).status());
        Thread.sleep(2_000); // time for the buffered write, had the log been on
        java.nio.file.Path log = server.directory().resolve("logs/http_access.log");
        // Liberty creates the file even when the log is disabled; it stays without lines
        assertFalse(Files.exists(log) && Files.readAllLines(log).stream().anyMatch(l -> l.contains(path)));
    }

    @Test
    void embeddedDatabaseLivesInTheServerDirectory() {
        assertTrue(Files.exists(server.directory().resolve("data/aitbc.mv.db")));
    }

    /** A throw-away key the dev banner printed. */
    private String bannerKey(String variable) {
        Matcher m = Pattern.compile(variable + "=([0-9a-f]{64})").matcher(server.console());
        assertTrue(m.find(), variable + " in the banner");
        return m.group(1);
    }

    @Test
    void theMarketplaceWorksOnTheEmbeddedDatabaseAndCountsReceiptsFromItsChain() throws Exception {
        String minerKey = bannerKey("MINER_API_KEYS");
        String clientKey = bannerKey("CLIENT_API_KEYS");
        TestMiner miner = new TestMiner(minerKey, null).register(server, TestMiner.gpu("RTX 4090", 24, "12.2", "h2-model"), 1);
        Http.Response gpu = Http.post(server.url("/v1/marketplace/gpu/register"),
                "{\"gpu\": {\"name\": \"RTX 4090\", \"memory_gb\": 24, \"price_per_hour\": 0.5}}", "X-Api-Key", minerKey);
        assertEquals(201, gpu.status(), gpu.toString());
        String gpuId = gpu.json().getString("gpu_id");
        assertEquals(201, Http.post(server.url("/v1/marketplace/gpu/" + gpuId + "/book"), "{\"duration_hours\": 1}",
                "X-Api-Key", clientKey).status());
        Http.Response taken = Http.post(server.url("/v1/marketplace/gpu/" + gpuId + "/book"), "{}", "X-Api-Key", clientKey);
        assertEquals(409, taken.status(), "the unique index holds on H2 too: " + taken);
        assertEquals(200, Http.post(server.url("/v1/marketplace/gpu/" + gpuId + "/release"), "", "X-Api-Key", clientKey).status());
        Http.Response bad = Http.post(server.url("/v1/marketplace/gpu/" + gpuId + "/reviews"), "{\"rating\": 9}",
                "X-Api-Key", clientKey);
        assertEquals(400, bad.status());
        assertEquals(0, Http.get(server.url("/v1/marketplace/gpu/" + gpuId + "/reviews")).json().getInt("total"));

        // a completed free job: its receipt reaches this node's chain and the offer counts it from there
        Http.Response job = Http.post(server.url("/v1/jobs"), "{\"payload\": {\"model\": \"h2-model\", \"prompt\": \"p\"}}",
                "X-Api-Key", clientKey);
        assertEquals(201, job.status(), job.toString());
        String jobId = job.json().getString("job_id");
        assertEquals(jobId, miner.poll(server, 5).json().getString("job_id"));
        assertEquals(200, miner.result(server, jobId, Json.createObjectBuilder().add("output", "ok").build(),
                Json.createObjectBuilder().add("units", 1).build()).status());
        JsonObject reliability = null;
        long deadline = System.nanoTime() + 40_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (var r = Json.createReader(new StringReader(Http.get(server.url("/v1/marketplace/offers")).body()))) {
                reliability = r.readArray().getValuesAs(JsonObject.class).stream()
                        .filter(o -> o.getString("id").equals(miner.id())).findFirst().orElseThrow()
                        .getJsonObject("reliability");
            }
            if (reliability.getInt("completed") == 1) {
                break;
            }
            Thread.sleep(500);
        }
        assertEquals(1, reliability.getInt("completed"), reliability.toString());
        assertEquals("chain", reliability.getString("source"));
        JsonObject counted = Http.get(server.url("/rpc/receipts/outcomes?signer=" + reliability.getString("signer")
                + "&provider=" + miner.id())).json().getJsonArray("providers").getJsonObject(0);
        assertEquals(1, counted.getInt("completed"));
    }
}
