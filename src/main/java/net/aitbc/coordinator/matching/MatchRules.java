package net.aitbc.coordinator.matching;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether a miner's capabilities satisfy a job's constraints; the first failing rule is the reason, in the order
 * of {@link Exclusion}. Pure, shared by the assignment, the {@code waiting} explanation and {@code /v1/jobs/match}.
 */
public final class MatchRules {

    private MatchRules() {
    }

    /**
     * @param minerRegion the miner's region (null: none given)
     * @param unitPrice the price the miner would charge per gpu second
     */
    public static Optional<Exclusion> exclusion(Constraints c, Capabilities m, String minerRegion, long unitPrice) {
        if (c.gpu() != null && (m.gpuModel() == null
                || !m.gpuModel().toLowerCase(Locale.ROOT).contains(c.gpu().toLowerCase(Locale.ROOT)))) {
            return Optional.of(Exclusion.GPU);
        }
        if (c.minVramGb() != null && (m.vramGb() == null || m.vramGb() < c.minVramGb())) {
            return Optional.of(Exclusion.VRAM);
        }
        if (c.cuda() != null) {
            CudaVersion wanted = CudaVersion.parse(c.cuda());
            CudaVersion has = CudaVersion.parse(m.cuda());
            if (has == null || has.compareTo(wanted) < 0) {
                return Optional.of(Exclusion.CUDA);
            }
        }
        if (!c.models().stream().allMatch(m::hasModel)) {
            return Optional.of(Exclusion.MODELS);
        }
        if (c.region() != null && (minerRegion == null || !minerRegion.equalsIgnoreCase(c.region()))) {
            return Optional.of(Exclusion.REGION);
        }
        if (c.maxPrice() != null && unitPrice > c.maxPrice()) {
            return Optional.of(Exclusion.PRICE);
        }
        return Optional.empty();
    }
}
