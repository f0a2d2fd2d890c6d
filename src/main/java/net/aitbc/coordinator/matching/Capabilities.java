package net.aitbc.coordinator.matching;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a miner offers, read from either shape of compat.md: the flat {@code gpu, vram_gb, cuda, models[]} and the
 * nested one every real miner sends ({@code gpu: {model, memory_gb, cuda_version}}, {@code ollama.models[]},
 * {@code compute.*}). Unknown members are kept in the stored document and ignored here.
 */
public record Capabilities(String gpuModel, Double vramGb, String cuda, List<String> models) {

    public static Capabilities read(JsonObject c) {
        String gpu = null;
        Double vram = number(c, "vram_gb");
        String cuda = text(c, "cuda");
        JsonValue g = c.get("gpu");
        if (g instanceof JsonString s) {
            gpu = s.getString();
        } else if (g instanceof JsonObject o) {
            gpu = firstText(o, "model", "name");
            vram = vram != null ? vram : firstNumber(o, "memory_gb", "memory", "vram_gb");
            cuda = cuda != null ? cuda : firstText(o, "cuda_version", "cuda");
        }
        if (c.get("compute") instanceof JsonObject compute) {
            gpu = gpu != null ? gpu : firstText(compute, "gpu_model", "gpu");
            vram = vram != null ? vram : firstNumber(compute, "vram_gb", "memory_gb");
            cuda = cuda != null ? cuda : firstText(compute, "cuda_version", "cuda");
        }
        if (vram == null) {
            vram = firstNumber(c, "memory_gb", "gpu_memory_gb");
        }
        if (cuda == null) {
            cuda = text(c, "cuda_version");
        }
        List<String> models = new ArrayList<>(strings(c.get("models")));
        if (c.get("ollama") instanceof JsonObject ollama) {
            models.addAll(strings(ollama.get("models")));
        }
        return new Capabilities(gpu, vram, cuda, models.stream().distinct().toList());
    }

    /** Whether this miner serves {@code model}; Ollama's implicit ":latest" tag counts as the bare name. */
    public boolean hasModel(String model) {
        String wanted = bare(model);
        return models.stream().anyMatch(m -> bare(m).equals(wanted));
    }

    /** A model name as compared: lower case, without Ollama's implicit ":latest" tag. */
    public static String bare(String model) {
        String m = model.strip().toLowerCase(Locale.ROOT);
        return m.endsWith(":latest") ? m.substring(0, m.length() - ":latest".length()) : m;
    }

    private static List<String> strings(JsonValue v) {
        List<String> out = new ArrayList<>();
        if (v instanceof jakarta.json.JsonArray a) {
            for (JsonValue item : a) {
                if (item instanceof JsonString s) {
                    out.add(s.getString());
                } else if (item instanceof JsonObject o && firstText(o, "name", "model") != null) {
                    out.add(firstText(o, "name", "model")); // Ollama /api/tags entries passed through as is
                }
            }
        }
        return out;
    }

    private static String firstText(JsonObject o, String... names) {
        for (String n : names) {
            String t = text(o, n);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    private static Double firstNumber(JsonObject o, String... names) {
        for (String n : names) {
            Double d = number(o, n);
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    static String text(JsonObject o, String name) {
        JsonValue v = o.get(name);
        if (v instanceof JsonString s && !s.getString().isBlank()) {
            return s.getString().strip();
        }
        if (v instanceof JsonNumber n) {
            return n.toString();
        }
        return null;
    }

    static Double number(JsonObject o, String name) {
        JsonValue v = o.get(name);
        if (v instanceof JsonNumber n) {
            return n.doubleValue();
        }
        if (v instanceof JsonString s) {
            // "24GB", "24 GB", "24": miners write memory as text too
            String digits = s.getString().strip().toLowerCase(Locale.ROOT).replace("gib", "").replace("gb", "").strip();
            try {
                return Double.parseDouble(digits);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
