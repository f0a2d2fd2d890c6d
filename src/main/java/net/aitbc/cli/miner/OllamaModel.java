package net.aitbc.cli.miner;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * One local model from Ollama's {@code GET /api/tags}. The digest is what receipts bind the inference to
 * (coordinator.md, inference receipts), so it is sent at registration and with every result.
 */
public record OllamaModel(String name, String digest, long size, String family, String parameterSize,
        String quantizationLevel) {

    static OllamaModel fromJson(JsonObject m) {
        JsonObject details = m.get("details") instanceof JsonObject d ? d : JsonValue.EMPTY_JSON_OBJECT;
        String name = m.getString("name", m.getString("model", ""));
        long size = m.containsKey("size") && m.get("size").getValueType() == JsonValue.ValueType.NUMBER
                ? m.getJsonNumber("size").longValue() : 0L;
        return new OllamaModel(name, m.getString("digest", ""), size, details.getString("family", null),
                details.getString("parameter_size", null), details.getString("quantization_level", null));
    }

    /**
     * Whether a job's model name means this model. Ollama itself resolves a name without a tag to
     * {@code :latest}, so a job asking for "llama3.2" runs on "llama3.2:latest".
     */
    public boolean answersTo(String requested) {
        return requested != null && (name.equals(requested) || name.equals(requested + ":latest"));
    }
}
