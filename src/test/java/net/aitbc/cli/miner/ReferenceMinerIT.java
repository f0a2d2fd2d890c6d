package net.aitbc.cli.miner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.protocol.SignedReceipt;
import net.aitbc.testing.CoordinatorCluster;
import net.aitbc.testing.Http;
import net.aitbc.testing.OllamaStandIn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The reference miner as people run it: {@code java -jar target/aitbc.jar miner run} in a child process, against the
 * shared coordinator site and a stand-in that answers Ollama's documented shapes (no Ollama runs here). It
 * registers with the models of /api/tags, takes a job, streams the generation to its last chunk, posts the result
 * with Ollama's counts, and the coordinator's receipt carries them; its offline verifier accepts the receipt and
 * rejects a tampered one; on SIGTERM it fails its running job and exits 0.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReferenceMinerIT {

    private static final Path JAR = Path.of("target/aitbc.jar");
    private CoordinatorCluster site;

    @BeforeAll
    void start() {
        site = CoordinatorCluster.shared();
    }

    private Process miner(String key, OllamaStandIn ollama, String wallet, String... extra) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "miner", "run", "--coordinator", site.a.baseUrl(), "--api-key", key,
                "--ollama", ollama.url(), "--gpu-model", "RTX 4090", "--gpu-memory-gb", "24", "--cuda", "12.4",
                "--wallet", wallet, "--price-per-gpu-second", "3", "--heartbeat-seconds", "1",
                "--poll-wait-seconds", "5"));
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(Files.createTempFile("miner", ".log").toFile()).start();
    }

    private JsonObject awaitState(String key, String jobId, String state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        JsonObject v;
        do {
            v = Http.get(site.a.url("/v1/jobs/" + jobId), "X-Api-Key", key).json();
            if (state.equals(v.getString("state"))) {
                return v;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(jobId + " never became " + state + ": " + v);
    }

    private String submit(String key, String model, String prompt) {
        Http.Response r = Http.post(site.a.url("/v1/jobs"), Json.createObjectBuilder().add("payload",
                Json.createObjectBuilder().add("model", model).add("prompt", prompt)
                        .add("options", Json.createObjectBuilder().add("temperature", 0))).build().toString(),
                "X-Api-Key", key);
        assertEquals(201, r.status(), r.toString());
        return r.json().getString("job_id");
    }

    @Test
    void theMinerRunsAJobOnOllamaAndItsReceiptBindsTheInference() throws Exception {
        assertTrue(Files.exists(JAR), "the build makes " + JAR);
        String model = "llama-" + UUID.randomUUID().toString().substring(0, 6) + ":latest";
        String clientKey = site.clientKey();
        String wallet = Ed25519.generate().address();
        try (OllamaStandIn ollama = OllamaStandIn.start(OllamaStandIn.Model.of(model))) {
            Process p = miner(site.minerKey(), ollama, wallet, "--max-jobs", "1");
            String prompt = "the quick brown fox jumps";
            String jobId = submit(clientKey, model, prompt);
            JsonObject done = awaitState(clientKey, jobId, "COMPLETED");
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the miner stops after --max-jobs 1");
            assertEquals(0, p.exitValue());

            JsonObject result = Http.get(site.a.url("/v1/jobs/" + jobId + "/result"), "X-Api-Key", clientKey).json();
            assertEquals(OllamaStandIn.expectedResponse(prompt), result.getJsonObject("result").getString("output"),
                    "the streamed pieces, read to the last chunk");
            JsonObject receipt = result.getJsonObject("receipt");
            SignedReceipt.parse(receipt);
            JsonObject meta = receipt.getJsonObject("metadata");
            JsonObject last = ollama.generateBodies().get(0);
            assertEquals(model, last.getString("model"));
            assertEquals(OllamaStandIn.Model.of(model).digest(), meta.getString("model_digest").replace("sha256:", ""),
                    "the digest from /api/tags");
            assertTrue(meta.getInt("eval_count") > 0 && meta.containsKey("eval_duration"), meta.toString());
            assertEquals(3, receipt.getInt("unit_price"));
            assertEquals(done.getInt("price"), receipt.getInt("price"));

            Path file = Files.createTempFile("receipt", ".json");
            Files.writeString(file, receipt.toString());
            Process verify = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", JAR.toString(), "verify", "receipt", file.toString(), "--coordinator", site.a.baseUrl())
                    .redirectErrorStream(true).start();
            String out = new String(verify.getInputStream().readAllBytes());
            assertEquals(0, verify.waitFor(), out);
            assertTrue(out.contains("valid: receipt " + receipt.getString("receipt_id")), out);

            Files.writeString(file, Json.createObjectBuilder(receipt).add("price", 1_000_000).build().toString());
            Process tampered = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", JAR.toString(), "verify", "receipt", file.toString()).redirectErrorStream(true).start();
            String bad = new String(tampered.getInputStream().readAllBytes());
            assertEquals(1, tampered.waitFor(), bad);
            assertTrue(bad.startsWith("invalid"), bad);
        }
    }

    @Test
    void onSigtermTheMinerFailsItsRunningJobAndExitsCleanly() throws Exception {
        String model = "llama-" + UUID.randomUUID().toString().substring(0, 6) + ":latest";
        String clientKey = site.clientKey();
        try (OllamaStandIn ollama = OllamaStandIn.start(OllamaStandIn.Model.of(model))) {
            ollama.setHanging(true);
            Process p = miner(site.minerKey(), ollama, Ed25519.generate().address(), "--grace-seconds", "2");
            String jobId = submit(clientKey, model, "never answered");
            awaitState(clientKey, jobId, "RUNNING");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (ollama.inFlight() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the miner stops within its grace time");
            assertEquals(0, p.exitValue());
            JsonObject failed = awaitState(clientKey, jobId, "FAILED");
            assertTrue(failed.getString("error").startsWith("shutdown"), failed.toString());
        }
    }
}
