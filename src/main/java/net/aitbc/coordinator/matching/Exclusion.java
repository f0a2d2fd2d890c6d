package net.aitbc.coordinator.matching;

/** Why a miner cannot take a job; the keys of {@code waiting.excluded_by} (coordinator.md). */
public enum Exclusion {
    GPU, VRAM, CUDA, MODELS, REGION, PRICE, BUSY;

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
