package net.aitbc.cli.miner;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * An LLM job's payload: {@code {model, prompt, options?}}. A payload with a prompt only runs on the miner's
 * default model, so clients that do not care which model answers still get served.
 */
public record LlmRequest(String model, String prompt, JsonObject options) {

    /** @throws IllegalArgumentException naming what the payload lacks (the job is then failed, not retried) */
    public static LlmRequest fromPayload(JsonObject payload, String defaultModel) {
        if (payload == null) {
            throw new IllegalArgumentException("the job has no payload");
        }
        if (!(payload.get("prompt") instanceof JsonString prompt)) {
            throw new IllegalArgumentException("payload.prompt must be a string (only LLM jobs are supported)");
        }
        JsonValue model = payload.get("model");
        String name;
        if (model == null || model.getValueType() == JsonValue.ValueType.NULL) {
            name = defaultModel;
        } else if (model instanceof JsonString s && !s.getString().isBlank()) {
            name = s.getString();
        } else {
            throw new IllegalArgumentException("payload.model must be a non-empty string");
        }
        if (name == null) {
            throw new IllegalArgumentException("payload.model is missing and the miner has no default model");
        }
        JsonValue options = payload.get("options");
        if (options != null && options.getValueType() != JsonValue.ValueType.NULL
                && options.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new IllegalArgumentException("payload.options must be an object");
        }
        return new LlmRequest(name, prompt.getString(),
                options instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT);
    }
}
