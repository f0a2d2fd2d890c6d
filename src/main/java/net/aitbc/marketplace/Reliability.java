package net.aitbc.marketplace;

/**
 * A miner's reliability score, 0 to 100, from inputs anyone can check: its jobs completed (each with a receipt
 * claimed on chain), failed and expired, and its heartbeat uptime. Both ratios start from a prior, so a new miner
 * is neither perfect nor zero:
 * <pre>score = round(100 × (completed + 1) / (completed + failed + expired + 2) × (online_ms + 600000) / (age_ms + 600000))</pre>
 * Pure, so the page, the tests and the server compute the same number.
 */
public record Reliability(long completed, long failed, long expired, long onlineMs, long ageMs) {

    /** Ten minutes of assumed uptime, so a miner that registered a moment ago is not scored zero. */
    static final long UPTIME_PRIOR_MS = 600_000;

    public static final String FORMULA = "score = round(100 × (completed + 1) / (completed + failed + expired + 2)"
            + " × (online_ms + 600000) / (age_ms + 600000)), 0–100; completed counts jobs whose receipt is claimed on"
            + " chain, online_ms sums the gaps between heartbeats no longer than the offline window, age_ms is the"
            + " time since registration";

    public double successRatio() {
        return (completed + 1.0) / (completed + failed + expired + 2.0);
    }

    public double uptimeRatio() {
        return Math.min(1.0, (Math.max(0, onlineMs) + (double) UPTIME_PRIOR_MS) / (Math.max(0, ageMs) + UPTIME_PRIOR_MS));
    }

    public int score() {
        return (int) Math.round(100 * successRatio() * uptimeRatio());
    }
}
