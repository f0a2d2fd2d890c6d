package net.aitbc.cli.miner;

import java.time.Duration;
import java.util.Random;

/**
 * Exponential backoff for reconnecting: 1 s, doubling, capped, each delay jittered by ±20 % so that the miners of
 * a coordinator that just restarted do not all come back in the same second.
 */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private final Random random;
    private int failures;

    public Backoff(Duration max) {
        this(Duration.ofSeconds(1), max, new Random());
    }

    public Backoff(Duration initial, Duration max, Random random) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(this.initialMillis, max.toMillis());
        this.random = random;
    }

    /** The delay before the next attempt; each call doubles the base. */
    public synchronized Duration next() {
        long base = Math.min(maxMillis, initialMillis << Math.min(failures, 20));
        failures++;
        long jittered = Math.round(base * (0.8 + 0.4 * random.nextDouble()));
        return Duration.ofMillis(Math.max(1, Math.min(maxMillis, jittered)));
    }

    /** After a success: the next failure starts at the initial delay again. */
    public synchronized void reset() {
        failures = 0;
    }

    /** Whole seconds for log lines ("retrying in 2s"); at least 1 so that a line never says 0. */
    public static long seconds(Duration d) {
        return Math.max(1, Math.round(d.toMillis() / 1000.0));
    }
}
