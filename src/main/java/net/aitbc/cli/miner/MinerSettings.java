package net.aitbc.cli.miner;

import java.net.URI;
import java.time.Duration;

/**
 * Everything {@code aitbc miner run} was told, checked once. Optional values are null when not given; they are
 * then left out of the registration rather than sent as guesses.
 *
 * @param maxJobs stop after this many jobs (0: never)
 */
public record MinerSettings(URI coordinator, String apiKey, URI ollama, String gpuModel, Integer gpuMemoryGb,
        String cudaVersion, String region, String walletAddress, Long pricePerGpuSecond, int concurrency,
        Duration heartbeatInterval, int pollWaitSeconds, Duration maxBackoff, Duration grace, Duration jobTimeout,
        String defaultModel, int maxJobs) {

    public MinerSettings {
        if (concurrency < 1) {
            throw new IllegalArgumentException("--concurrency must be at least 1");
        }
        if (heartbeatInterval.isZero() || heartbeatInterval.isNegative()) {
            throw new IllegalArgumentException("--heartbeat-seconds must be at least 1");
        }
        if (pollWaitSeconds < 0) {
            throw new IllegalArgumentException("--poll-wait-seconds must not be negative");
        }
        if (maxJobs < 0) {
            throw new IllegalArgumentException("--max-jobs must not be negative");
        }
        if (gpuMemoryGb != null && gpuMemoryGb < 0) {
            throw new IllegalArgumentException("--gpu-memory-gb must not be negative");
        }
        if (pricePerGpuSecond != null && pricePerGpuSecond < 0) {
            throw new IllegalArgumentException("--price-per-gpu-second must not be negative");
        }
    }

    /** Without the API key: settings end up in logs and test failure messages. */
    @Override
    public String toString() {
        return "MinerSettings[coordinator=" + coordinator + ", ollama=" + ollama + ", gpuModel=" + gpuModel
                + ", gpuMemoryGb=" + gpuMemoryGb + ", cudaVersion=" + cudaVersion + ", region=" + region
                + ", walletAddress=" + walletAddress + ", pricePerGpuSecond=" + pricePerGpuSecond
                + ", concurrency=" + concurrency + ", heartbeatInterval=" + heartbeatInterval
                + ", pollWaitSeconds=" + pollWaitSeconds + ", maxBackoff=" + maxBackoff + ", grace=" + grace
                + ", jobTimeout=" + jobTimeout + ", defaultModel=" + defaultModel + ", maxJobs=" + maxJobs + "]";
    }
}
