package net.aitbc.cli.miner;

import java.util.List;

/**
 * The models the local Ollama has, as last listed: what the miner registers with, which model a job without one
 * runs on, and the digest each result names (a model pulled after registration is found by listing again).
 */
public final class LocalModels {

    private final OllamaClient ollama;
    private final String configuredDefault;
    private volatile List<OllamaModel> models = List.of();

    public LocalModels(OllamaClient ollama, String configuredDefault) {
        this.ollama = ollama;
        this.configuredDefault = configuredDefault;
    }

    /** Lists Ollama's models again. @throws OllamaException when Ollama does not answer */
    public List<OllamaModel> refresh() {
        models = ollama.tags();
        return models;
    }

    public List<OllamaModel> current() {
        return models;
    }

    /** {@code --default-model}, else Ollama's first model, else null. */
    public String defaultModel() {
        if (configuredDefault != null) {
            return configuredDefault;
        }
        List<OllamaModel> now = models;
        return now.isEmpty() ? null : now.get(0).name();
    }

    /** The digest of the model a job ran on, or null when Ollama does not list it even after a fresh look. */
    public String digestOf(String model) {
        String digest = find(models, model);
        if (digest == null) {
            try {
                digest = find(refresh(), model);
            } catch (OllamaException e) {
                return null; // the result still goes out, only without a digest
            }
        }
        return digest;
    }

    private static String find(List<OllamaModel> list, String model) {
        for (OllamaModel m : list) {
            if (m.answersTo(model) && !m.digest().isEmpty()) {
                return m.digest();
            }
        }
        return null;
    }
}
