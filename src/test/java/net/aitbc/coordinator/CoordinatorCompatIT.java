package net.aitbc.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.aitbc.testing.CoordinatorCluster;
import net.aitbc.testing.Http;
import net.aitbc.testing.TestMiner;
import net.aitbc.testing.cluster.LibertyServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The coordinator and miner rows of compat.md, each with the request the original's CLI, miner or dashboard
 * sends, against the shared coordinator site.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoordinatorCompatIT {

    private CoordinatorCluster site;
    private LibertyServer a;

    @BeforeAll
    void start() {
        site = CoordinatorCluster.shared();
        a = site.a;
    }

    private static String model() {
        return "compat-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String submit(String key, String model) {
        Http.Response r = Http.post(a.url("/v1/jobs"), "{\"payload\": {\"model\": \"" + model + "\", \"prompt\": \"p\"}}",
                "X-Api-Key", key);
        assertEquals(201, r.status(), "the CLI checks 201 for a submit: " + r);
        return r.json().getString("job_id");
    }

    /** What the original miner registers: the nested capability shape, its own id as a query parameter. */
    private String registerOriginalMiner(String key, String model) {
        String body = "{\"capabilities\": {\"gpu\": {\"model\": \"NVIDIA GeForce RTX 4090\", \"memory_gb\": 24,"
                + " \"cuda_version\": \"12.4\"}, \"ollama\": {\"models\": [\"" + model + "\"]}, \"compute\":"
                + " {\"cpu_cores\": 16}}, \"concurrency\": 1, \"region\": \"eu-west\"}";
        Http.Response r = Http.post(a.url("/v1/miners/register?miner_id=my-rig"), body, "X-Api-Key", key,
                "X-Miner-ID", "my-rig");
        assertEquals(200, r.status(), r.toString());
        assertEquals("ok", r.json().getString("status"));
        return r.json().getString("miner_id");
    }

    @Test
    void theCliPollsWithGetAndNoBodyAndGetsNullWhenNothingFits() throws Exception {
        String minerKey = site.minerKey();
        String model = model();
        registerOriginalMiner(minerKey, model);
        CompletableFuture<Http.Response> idle = CompletableFuture.supplyAsync(() ->
                Http.get(a.url("/v1/miners/poll"), "X-Api-Key", minerKey, "X-Miner-ID", "my-rig"));
        Http.Response nothing = idle.get(40, TimeUnit.SECONDS);
        assertEquals(200, nothing.status(), nothing.toString());
        assertEquals("null", nothing.body().strip(), "the CLI stops on 204, so GET answers 200 null");

        String jobId = submit(site.clientKey(), model);
        Http.Response job = Http.get(a.url("/v1/miners/poll"), "X-Api-Key", minerKey, "X-Miner-ID", "my-rig");
        assertEquals(200, job.status());
        assertEquals(jobId, job.json().getString("job_id"));
        assertEquals(204, Http.post(a.url("/v1/miners/poll"), "{\"max_wait_seconds\": 1}", "X-Api-Key", minerKey)
                .status(), "POST keeps 204");
    }

    @Test
    void heartbeatsWithNoBodyOrAnyStatusAndUnknownFieldsKeepTheMinerAlive() {
        String minerKey = site.minerKey();
        String id = registerOriginalMiner(minerKey, model());
        Http.Response empty = Http.send(HttpRequest.newBuilder(URI.create(a.url("/v1/miners/heartbeat?miner_id=" + id)))
                .POST(HttpRequest.BodyPublishers.noBody()), "X-Api-Key", minerKey);
        assertEquals(200, empty.status(), empty.toString());
        assertEquals(200, Http.post(a.url("/v1/miners/heartbeat"), "{\"status\": \"active\", \"gpu_temp\": 71,"
                + " \"inflight\": 0, \"metadata\": {\"load\": 0.3}}", "X-Api-Key", minerKey).status());
        JsonObject miner = Http.get(a.url("/v1/admin/miners/" + id), "X-Api-Key", CoordinatorCluster.ADMIN).json();
        assertEquals("ONLINE", miner.getString("status"));
        assertEquals(404, Http.post(a.url("/v1/miners/heartbeat"), "", "X-Api-Key", site.minerKey()).status(),
                "a miner that never registered");
        Http.Response deep = Http.post(a.url("/v1/miners/heartbeat"), "{\"metadata\":" + "[".repeat(20_000)
                + "]".repeat(20_000) + "}", "X-Api-Key", minerKey);
        assertEquals(400, deep.status(), "a body nested 20,000 deep is refused, not a stack overflow: " + deep);
        assertEquals("malformed_json", deep.json().getString("error"));
    }

    @Test
    void aStringResultIsWrappedAndAFailedStatusEndsTheJobFailed() {
        String minerKey = site.minerKey();
        String model = model();
        registerOriginalMiner(minerKey, model);
        String client = site.clientKey();
        String done = submit(client, model);
        assertEquals(done, Http.post(a.url("/v1/miners/poll"), "{}", "X-Api-Key", minerKey).json().getString("job_id"));
        Http.Response r = Http.post(a.url("/v1/miners/" + done + "/result?miner_id=my-rig"),
                "{\"result\": \"forty-two\", \"success\": true, \"metrics\": {\"duration_ms\": 1500, \"aitbc_earned\": 1e9,"
                        + " \"price\": 77, \"cost\": 5}}", "X-Api-Key", minerKey);
        assertEquals(200, r.status(), "the CLI checks 200 for a result: " + r);
        JsonObject receipt = r.json().getJsonObject("receipt");
        assertEquals(2, receipt.getInt("units"), "1500 ms is 2 started gpu seconds");
        assertEquals(2 * site.unitPrice(), receipt.getInt("price"), "the miner's price figures are ignored");
        JsonObject result = Http.get(a.url("/v1/jobs/" + done + "/result"), "X-Api-Key", client).json();
        assertEquals("forty-two", result.getJsonObject("result").getString("output"));

        String failed = submit(client, model);
        assertEquals(failed, Http.post(a.url("/v1/miners/poll"), "{}", "X-Api-Key", minerKey).json().getString("job_id"));
        assertEquals(200, Http.post(a.url("/v1/miners/" + failed + "/result"), "{\"result\": {\"status\": \"failed\","
                + " \"error\": \"CUDA out of memory\"}}", "X-Api-Key", minerKey).status());
        JsonObject v = Http.get(a.url("/v1/jobs/" + failed), "X-Api-Key", client).json();
        assertEquals("FAILED", v.getString("state"));
        assertTrue(v.getString("error").contains("CUDA out of memory"), v.toString());
    }

    @Test
    void theFlatCapabilityShapeMatchesConstraintsToo() {
        String minerKey = site.minerKey();
        String model = model();
        Http.Response reg = Http.post(a.url("/v1/miners/register"), "{\"capabilities\": {\"gpu\": \"RTX 4090\","
                + " \"vram_gb\": 24, \"cuda\": \"12.2\", \"models\": [\"" + model + "\"]}, \"concurrency\": 1}",
                "X-Api-Key", minerKey);
        assertEquals(200, reg.status());
        String client = site.clientKey();
        Http.Response tooBig = Http.post(a.url("/v1/jobs"), "{\"payload\": {\"model\": \"" + model + "\"},"
                + " \"constraints\": {\"min_vram_gb\": 48}}", "X-Api-Key", client);
        Http.Response fits = Http.post(a.url("/v1/jobs"), "{\"payload\": {\"model\": \"" + model + "\"},"
                + " \"constraints\": {\"gpu\": \"4090\", \"min_vram_gb\": 16, \"cuda\": \"12.0\"}}", "X-Api-Key", client);
        assertEquals(fits.json().getString("job_id"), Http.post(a.url("/v1/miners/poll"), "{\"max_wait_seconds\": 2}",
                "X-Api-Key", minerKey).json().getString("job_id"), "the 48 GB job is skipped");
        JsonObject waiting = Http.get(a.url("/v1/jobs/" + tooBig.json().getString("job_id")), "X-Api-Key", client)
                .json().getJsonObject("waiting");
        assertEquals("no_matching_miner", waiting.getString("reason"), waiting.toString());
        assertTrue(waiting.getJsonObject("excluded_by").getInt("vram") >= 1, waiting.toString());
        JsonObject match = Http.post(a.url("/v1/jobs/match"), "{\"constraints\": {\"models\": [\"" + model + "\"],"
                + " \"min_vram_gb\": 16}}", "X-Api-Key", client).json();
        assertTrue(match.getInt("miners_matching") >= 1, match.toString());
    }

    @Test
    void historyStatusAliasesAndAnIntegralAmount() {
        String client = site.clientKey();
        String id = submit(client, model());
        Http.Response history = Http.get(a.url("/v1/jobs/history?limit=10&status=queued&type=inference"
                + "&from_time=2020-01-01T00:00:00Z&to_time=2100-01-01T00:00:00Z"), "X-Api-Key", client);
        assertEquals(200, history.status(), history.toString());
        assertEquals(id, history.json().getJsonArray("jobs").getJsonObject(0).getString("job_id"));
        Http.Response integral = Http.post(a.url("/v1/jobs"), "{\"payload\": {}, \"payment_amount\": 10.0}",
                "X-Api-Key", client);
        assertEquals(201, integral.status(), integral.toString());
        assertEquals(10, integral.json().getInt("payment_amount"));
        Http.Response fractional = Http.post(a.url("/v1/jobs"), "{\"payload\": {}, \"payment_amount\": 10.5}",
                "X-Api-Key", client);
        assertEquals(400, fractional.status());
        assertEquals("payment_amount", fractional.json().getString("field"));

        Http.Response status = Http.get(a.url("/v1/status"), "X-Api-Key", client);
        assertEquals(200, status.status(), "a client key on a public endpoint is ignored: " + status);
        assertTrue(status.json().containsKey("total_jobs") && status.json().containsKey("online_miners"));
        assertEquals(200, Http.get(a.url("/v1/health"), "X-Api-Key", client).status());
        JsonObject adminStatus = Http.get(a.url("/v1/admin/status"), "X-Api-Key", CoordinatorCluster.ADMIN).json();
        for (String f : new String[] {"total_jobs", "active_jobs", "online_miners", "avg_miner_job_duration_ms"}) {
            assertTrue(adminStatus.containsKey(f), f + " in " + adminStatus);
        }
        assertEquals(200, Http.get(a.url("/v1/admin/jobs/" + id), "X-Api-Key", CoordinatorCluster.ADMIN).status());
        assertEquals(200, Http.get(a.url("/v1/miners"), "X-Api-Key", CoordinatorCluster.ADMIN).status());
    }

    @Test
    void aMinerManagesOnlyItselfAndAdminsDeactivateMiners() {
        String key = site.minerKey();
        String model = model();
        String id = registerOriginalMiner(key, model);
        String otherId = registerOriginalMiner(site.minerKey(), model());
        assertEquals(200, Http.get(a.url("/v1/miners/" + id + "/earnings"), "X-Api-Key", key).status());
        assertEquals(200, Http.get(a.url("/v1/miners/" + id + "/jobs"), "X-Api-Key", key).status());
        assertEquals(403, Http.get(a.url("/v1/miners/" + otherId + "/earnings"), "X-Api-Key", key).status());
        assertEquals(403, Http.method("DELETE", a.url("/v1/miners/" + otherId), null, "X-Api-Key", key).status());
        Http.Response caps = Http.method("PUT", a.url("/v1/miners/" + id + "/capabilities"), "{\"gpu\": {\"model\":"
                + " \"RTX 5090\", \"memory_gb\": 32}, \"ollama\": {\"models\": [\"" + model + "\"]}}", "X-Api-Key", key);
        assertEquals(200, caps.status(), caps.toString());
        JsonObject seen = Http.get(a.url("/v1/admin/miners/" + id), "X-Api-Key", CoordinatorCluster.ADMIN).json();
        assertEquals("RTX 5090", seen.getJsonObject("capabilities").getJsonObject("gpu").getString("model"));

        assertEquals(200, Http.post(a.url("/v1/admin/miners/" + id + "/deactivate"), "", "X-Api-Key",
                CoordinatorCluster.ADMIN).status());
        String jobId = submit(site.clientKey(), model);
        Http.Response refused = Http.post(a.url("/v1/miners/poll"), "{\"max_wait_seconds\": 1}", "X-Api-Key", key);
        assertEquals(403, refused.status(), refused.toString());
        assertEquals(200, Http.post(a.url("/v1/admin/miners/" + id + "/activate"), "", "X-Api-Key",
                CoordinatorCluster.ADMIN).status());
        assertEquals(jobId, Http.post(a.url("/v1/miners/poll"), "{\"max_wait_seconds\": 5}", "X-Api-Key", key).json()
                .getString("job_id"));
        assertEquals(200, Http.method("DELETE", a.url("/v1/miners/" + id), null, "X-Api-Key", key).status());
        assertFalse(Http.get(a.url("/v1/admin/miners/" + id), "X-Api-Key", CoordinatorCluster.ADMIN).json()
                .getBoolean("active"));
    }
}
