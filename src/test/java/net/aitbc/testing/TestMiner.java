package net.aitbc.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import net.aitbc.testing.cluster.LibertyServer;

/** A miner driven by a test through the coordinator's HTTP API, with its own key. */
public final class TestMiner {

    public final String key;
    public final String wallet;
    private String id;

    public TestMiner(String key, String wallet) {
        this.key = key;
        this.wallet = wallet;
    }

    public String id() {
        return id;
    }

    public TestMiner register(LibertyServer server, JsonObject capabilities, long pricePerGpuSecond) {
        var b = Json.createObjectBuilder().add("capabilities", capabilities).add("concurrency", 1)
                .add("price_per_gpu_second", pricePerGpuSecond);
        if (wallet != null) {
            b.add("wallet_address", wallet);
        }
        Http.Response r = Http.post(server.url("/v1/miners/register"), b.build().toString(), "X-Api-Key", key);
        if (r.status() != 200) {
            throw new AssertionError("register: " + r);
        }
        id = r.json().getString("miner_id");
        return this;
    }

    public static JsonObject gpu(String model, int memoryGb, String cuda, String... models) {
        return Json.createObjectBuilder().add("gpu", Json.createObjectBuilder().add("model", model)
                .add("memory_gb", memoryGb).add("cuda_version", cuda))
                .add("ollama", Json.createObjectBuilder().add("models", Json.createArrayBuilder(java.util.List.of(models))))
                .build();
    }

    public Http.Response poll(LibertyServer server, int waitSeconds) {
        return Http.post(server.url("/v1/miners/poll"), "{\"max_wait_seconds\": " + waitSeconds + "}", "X-Api-Key", key);
    }

    public Http.Response heartbeat(LibertyServer server) {
        return Http.post(server.url("/v1/miners/heartbeat"), "{\"inflight\": 0, \"status\": \"ONLINE\"}", "X-Api-Key", key);
    }

    public Http.Response result(LibertyServer server, String jobId, JsonObject result, JsonObject metrics) {
        return Http.post(server.url("/v1/miners/" + jobId + "/result"), Json.createObjectBuilder()
                .add("result", result).add("metrics", metrics).build().toString(), "X-Api-Key", key);
    }

    public Http.Response fail(LibertyServer server, String jobId, String code) {
        return Http.post(server.url("/v1/miners/" + jobId + "/fail"), Json.createObjectBuilder()
                .add("error_code", code).add("error_message", "test failure").build().toString(), "X-Api-Key", key);
    }
}
