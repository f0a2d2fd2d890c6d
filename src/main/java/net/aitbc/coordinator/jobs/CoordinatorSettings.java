package net.aitbc.coordinator.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import net.aitbc.platform.config.RunMode;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The coordinator's settings (README "Configuration"), each from the environment with a sane default. */
@ApplicationScoped
public class CoordinatorSettings {

    @Inject
    @ConfigProperty(name = "AITBC_UNIT_PRICE", defaultValue = "1")
    long unitPrice;
    @Inject
    @ConfigProperty(name = "AITBC_FREE_JOBS")
    Optional<Boolean> freeJobs;
    @Inject
    @ConfigProperty(name = "AITBC_MINER_OFFLINE_SECONDS", defaultValue = "30")
    int minerOfflineSeconds;
    @Inject
    @ConfigProperty(name = "AITBC_COORDINATOR_RATIO", defaultValue = "0.05")
    BigDecimal coordinatorRatio;
    @Inject
    @ConfigProperty(name = "AITBC_BLOCK_TIME_SECONDS", defaultValue = "2")
    int blockTimeSeconds;
    @Inject
    @ConfigProperty(name = "AITBC_ESCROW_MARGIN_BLOCKS", defaultValue = "150")
    long escrowMarginBlocks;
    @Inject
    @ConfigProperty(name = "AITBC_JOB_MAX_TTL_SECONDS", defaultValue = "86400")
    int maxTtlSeconds;
    @Inject
    @ConfigProperty(name = "AITBC_POLL_MAX_WAIT_SECONDS", defaultValue = "60")
    int pollMaxWaitSeconds;
    @Inject
    RunMode mode;

    public long unitPrice() {
        return unitPrice;
    }

    /** Free jobs: AITBC_FREE_JOBS, by default allowed in dev and refused in production. */
    public boolean freeJobs() {
        return freeJobs.orElse(mode.isDev());
    }

    public long minerOfflineMillis() {
        return minerOfflineSeconds * 1000L;
    }

    /** The coordinator's share of a price, rounded down to the smallest unit. */
    public long coordinatorShare(long price) {
        return coordinatorRatio.multiply(BigDecimal.valueOf(price)).setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    /** Blocks a lock must outlive the job by: time to settle after the job's expiry, even when blocks are rare. */
    public long escrowMarginBlocks() {
        return escrowMarginBlocks;
    }

    public int blockTimeSeconds() {
        return Math.max(1, blockTimeSeconds);
    }

    public int maxTtlSeconds() {
        return maxTtlSeconds;
    }

    public int pollMaxWaitSeconds() {
        return pollMaxWaitSeconds;
    }
}
