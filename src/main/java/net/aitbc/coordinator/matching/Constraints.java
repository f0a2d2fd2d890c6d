package net.aitbc.coordinator.matching;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.platform.error.ApiException;

/**
 * A job's constraints {@code {gpu, cuda, min_vram_gb, models[], region, max_price}}, validated: a wrong type or an
 * impossible value is a 422 naming the field (a request that parses but cannot be met is a validation error).
 */
public record Constraints(String gpu, String cuda, Double minVramGb, List<String> models, String region,
                          Long maxPrice) {

    public static final Constraints NONE = new Constraints(null, null, null, List.of(), null, null);
    private static final Set<String> KNOWN = Set.of("gpu", "cuda", "min_vram_gb", "models", "region", "max_price");

    public static Constraints read(JsonValue value) {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return NONE;
        }
        if (!(value instanceof JsonObject c)) {
            throw invalid("constraints", "constraints must be an object {gpu, cuda, min_vram_gb, models[], region, max_price}");
        }
        for (String key : c.keySet()) {
            if (!KNOWN.contains(key)) {
                throw invalid("constraints." + key, "unknown constraint '" + key + "'; known: " + KNOWN);
            }
        }
        Double vram = null;
        if (present(c, "min_vram_gb")) {
            if (!(c.get("min_vram_gb") instanceof JsonNumber n) || n.doubleValue() < 0 || n.doubleValue() > 100_000) {
                throw invalid("constraints.min_vram_gb", "min_vram_gb must be a number from 0 to 100000");
            }
            vram = n.doubleValue();
        }
        Long maxPrice = null;
        if (present(c, "max_price")) {
            if (!(c.get("max_price") instanceof JsonNumber n) || !n.isIntegral() || n.longValue() < 0) {
                throw invalid("constraints.max_price", "max_price must be a non-negative integer (smallest units per gpu second)");
            }
            maxPrice = n.longValueExact();
        }
        List<String> models = new ArrayList<>();
        if (present(c, "models")) {
            if (!(c.get("models") instanceof JsonArray a) || a.size() > 32
                    || a.stream().anyMatch(v -> !(v instanceof JsonString s) || s.getString().isBlank())) {
                throw invalid("constraints.models", "models must be an array of at most 32 model names");
            }
            a.forEach(v -> models.add(((JsonString) v).getString().strip()));
        }
        String cuda = text(c, "cuda");
        if (cuda != null && CudaVersion.parse(cuda) == null) {
            throw invalid("constraints.cuda", "cuda must be a version such as \"12.1\"");
        }
        return new Constraints(text(c, "gpu"), cuda, vram, List.copyOf(models), text(c, "region"), maxPrice);
    }

    /** These constraints plus the model the job's payload names (a miner without it could not run the job). */
    public Constraints requiringModel(String model) {
        if (model == null || model.isBlank()
                || models.stream().anyMatch(m -> Capabilities.bare(m).equals(Capabilities.bare(model)))) {
            return this;
        }
        List<String> all = new ArrayList<>();
        all.add(model.strip());
        all.addAll(models);
        return new Constraints(gpu, cuda, minVramGb, List.copyOf(all), region, maxPrice);
    }

    public JsonObject toJson() {
        var b = JsonCodec.createObjectBuilder();
        if (gpu != null) {
            b.add("gpu", gpu);
        }
        if (cuda != null) {
            b.add("cuda", cuda);
        }
        if (minVramGb != null) {
            b.add("min_vram_gb", minVramGb);
        }
        if (!models.isEmpty()) {
            b.add("models", JsonCodec.createArrayBuilder(models));
        }
        if (region != null) {
            b.add("region", region);
        }
        if (maxPrice != null) {
            b.add("max_price", maxPrice);
        }
        return b.build();
    }

    private static boolean present(JsonObject c, String name) {
        return c.containsKey(name) && c.get(name).getValueType() != JsonValue.ValueType.NULL;
    }

    private static String text(JsonObject c, String name) {
        if (!present(c, name)) {
            return null;
        }
        if (!(c.get(name) instanceof JsonString s) || s.getString().isBlank() || s.getString().length() > 200) {
            throw invalid("constraints." + name, name + " must be a non-empty string");
        }
        return s.getString().strip();
    }

    private static ApiException invalid(String field, String message) {
        return new ApiException(422, "invalid_constraints", message, field);
    }
}
