package net.aitbc.coordinator.receipts;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Instant;
import net.aitbc.chain.crypto.CanonicalJson;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.crypto.Hashes;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.protocol.SignedReceipt;
import net.aitbc.chain.protocol.Timestamps;

/**
 * Builds and signs a job receipt (coordinator.md, Receipts): the fields of the spec plus what binds the inference
 * (model, model digest, options, SHA-256 of the canonical payload and result, Ollama's counts and durations).
 * {@code price} is units × unit price, capped at the job's escrow. Pure: the same facts give the same bytes, which
 * the test vectors pin.
 */
public final class InferenceReceipt {

    private static final String[] OLLAMA_FIELDS = {"prompt_eval_count", "eval_count", "eval_duration",
        "prompt_eval_duration", "total_duration", "load_duration"};

    /** The facts a receipt states. */
    public record Facts(String receiptId, String jobId, String provider, String client, String status, long units,
                        long unitPrice, Instant startedAt, Instant completedAt, JsonObject payload,
                        JsonObject constraints, JsonObject result, JsonObject metrics, long price) {
    }

    private InferenceReceipt() {
    }

    public static JsonObject sign(Facts f, Ed25519.KeyPair key) {
        return SignedReceipt.sign(unsigned(f), key);
    }

    public static JsonObject unsigned(Facts f) {
        JsonObjectBuilder meta = JsonCodec.createObjectBuilder()
                .add("job_payload", f.payload())
                .add("job_constraints", f.constraints())
                .add("prompt_hash", sha256(f.payload()))
                .add("result_hash", sha256(f.result()))
                .add("metrics", f.metrics());
        String model = text(f.metrics(), "model", text(f.payload(), "model", text(f.result(), "model", null)));
        if (model != null) {
            meta.add("model", model);
        }
        String digest = text(f.metrics(), "model_digest", null);
        if (digest != null) {
            meta.add("model_digest", digest);
        }
        if (f.payload().get("options") instanceof JsonObject options) {
            meta.add("options", options);
        }
        for (String name : OLLAMA_FIELDS) {
            if (f.metrics().get(name) instanceof JsonNumber n && n.isIntegral()) {
                meta.add(name, n.longValue());
            }
        }
        return JsonCodec.createObjectBuilder()
                .add("version", "1.0")
                .add("receipt_id", f.receiptId())
                .add("job_id", f.jobId())
                .add("provider", f.provider())
                .add("client", f.client())
                .add("status", f.status())
                .add("units", f.units())
                .add("unit_type", "gpu_seconds")
                .add("unit_price", f.unitPrice())
                .add("price", f.price())
                .add("started_at", Timestamps.format(f.startedAt().toEpochMilli()))
                .add("completed_at", Timestamps.format(f.completedAt().toEpochMilli()))
                .add("metadata", meta)
                .build();
    }

    /** "sha256:" + hex of SHA-256 over the canonical (RFC 8785) form. */
    public static String sha256(JsonObject value) {
        return "sha256:" + Hashes.hex(Hashes.sha256(CanonicalJson.bytes(value)));
    }

    private static String text(JsonObject o, String name, String fallback) {
        JsonValue v = o.get(name);
        return v instanceof jakarta.json.JsonString s && !s.getString().isBlank() ? s.getString() : fallback;
    }
}
