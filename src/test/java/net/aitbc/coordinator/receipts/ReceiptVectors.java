package net.aitbc.coordinator.receipts;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import net.aitbc.chain.crypto.CanonicalJson;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.protocol.SignedReceipt;

/**
 * The published receipt test vectors (docs/test-vectors/receipt-v1.json): an inference receipt built by
 * {@link InferenceReceipt} from fixed facts and signed with a fixed key, with the exact bytes that were signed.
 * Regenerate by running {@link #main} (only when a receipt rule changes on purpose).
 */
public final class ReceiptVectors {

    public static final Path FILE = Path.of("docs/test-vectors/receipt-v1.json");

    private ReceiptVectors() {
    }

    static Ed25519.KeyPair key() {
        byte[] seed = new byte[32];
        for (int i = 0; i < 32; i++) {
            seed[i] = (byte) (0x40 + i);
        }
        return Ed25519.KeyPair.fromSeed(seed);
    }

    static InferenceReceipt.Facts facts() {
        JsonObject payload = Json.createObjectBuilder().add("model", "llama3.2:latest")
                .add("prompt", "Why is the sky blue?").add("options", Json.createObjectBuilder().add("seed", 42)
                        .add("temperature", 0)).build();
        JsonObject constraints = Json.createObjectBuilder().add("models", Json.createArrayBuilder().add("llama3.2:latest"))
                .add("min_vram_gb", 8).build();
        JsonObject result = Json.createObjectBuilder().add("output", "Rayleigh scattering.").add("done_reason", "stop")
                .build();
        JsonObject metrics = Json.createObjectBuilder().add("duration_ms", 1234).add("units", 2)
                .add("model_digest", "sha256:a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72")
                .add("prompt_eval_count", 26).add("eval_count", 298).add("eval_duration", 4799921000L).build();
        return new InferenceReceipt.Facts("rcpt_00000000000000000000000000000001", "job_00000000000000000000000000000001",
                "miner_0123456789abcdef", "client_fedcba9876543210", "COMPLETED", 2, 3,
                Instant.parse("2026-12-01T12:00:00Z"), Instant.parse("2026-12-01T12:00:01.234Z"), payload, constraints,
                result, metrics, 6);
    }

    public static JsonObject generate() {
        InferenceReceipt.Facts f = facts();
        JsonObject signed = InferenceReceipt.sign(f, key());
        return Json.createObjectBuilder()
                .add("description", "A coordinator receipt (coordinator.md, Receipts): sig is Ed25519 over "
                        + "signing_bytes_utf8, the RFC 8785 form of the receipt without its signature member; "
                        + "prompt_hash and result_hash are sha256 of the canonical job payload and result")
                .add("signer_seed_hex", net.aitbc.chain.crypto.Hashes.hex(key().seed()))
                .add("job_payload", f.payload()).add("result", f.result())
                .add("receipt", signed)
                .add("signing_bytes_utf8", new String(SignedReceipt.signingBytes(signed), StandardCharsets.UTF_8))
                .add("payload_canonical_utf8", new String(CanonicalJson.bytes(f.payload()), StandardCharsets.UTF_8))
                .build();
    }

    public static void main(String[] args) throws IOException {
        Files.createDirectories(FILE.getParent());
        StringBuilder out = new StringBuilder();
        var writer = Json.createWriterFactory(Map.of(jakarta.json.stream.JsonGenerator.PRETTY_PRINTING, true));
        java.io.StringWriter w = new java.io.StringWriter();
        try (var jw = writer.createWriter(w)) {
            jw.writeObject(generate());
        }
        out.append(w.toString().strip()).append('\n');
        Files.writeString(FILE, out.toString());
        System.out.println("wrote " + FILE);
    }
}
