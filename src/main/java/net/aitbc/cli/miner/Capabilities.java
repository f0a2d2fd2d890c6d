package net.aitbc.cli.miner;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import net.aitbc.chain.protocol.JsonCodec;

/**
 * The body of {@code POST /v1/miners/register}, in the shape every real miner sends (compat.md):
 * {@code capabilities: {gpu: {model, memory_gb, cuda_version}, ollama: {models, digests}, compute}}.
 */
public final class Capabilities {

    private Capabilities() {
    }

    public static JsonObject registerBody(MinerSettings s, List<OllamaModel> models) {
        JsonObjectBuilder gpu = JsonCodec.createObjectBuilder();
        if (s.gpuModel() != null) {
            gpu.add("model", s.gpuModel());
        }
        if (s.gpuMemoryGb() != null) {
            gpu.add("memory_gb", s.gpuMemoryGb());
        }
        if (s.cudaVersion() != null) {
            gpu.add("cuda_version", s.cudaVersion());
        }
        JsonArrayBuilder names = JsonCodec.createArrayBuilder();
        JsonObjectBuilder digests = JsonCodec.createObjectBuilder();
        for (OllamaModel m : models) {
            names.add(m.name());
            if (!m.digest().isEmpty()) {
                digests.add(m.name(), m.digest());
            }
        }
        JsonObjectBuilder compute = JsonCodec.createObjectBuilder()
                .add("cpu_count", Runtime.getRuntime().availableProcessors())
                .add("arch", System.getProperty("os.arch", "unknown"));
        JsonObjectBuilder body = JsonCodec.createObjectBuilder()
                .add("capabilities", JsonCodec.createObjectBuilder().add("gpu", gpu)
                        .add("ollama", JsonCodec.createObjectBuilder().add("models", names).add("digests", digests))
                        .add("compute", compute))
                .add("concurrency", s.concurrency());
        if (s.region() != null) {
            body.add("region", s.region());
        }
        if (s.walletAddress() != null) {
            body.add("wallet_address", s.walletAddress());
        }
        if (s.pricePerGpuSecond() != null) {
            body.add("price_per_gpu_second", s.pricePerGpuSecond());
        }
        return body.build();
    }
}
