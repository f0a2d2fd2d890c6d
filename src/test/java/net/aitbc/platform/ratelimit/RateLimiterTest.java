package net.aitbc.platform.ratelimit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.bucket4j.TimeMeter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    /** a clock the test moves: milliseconds, as Bucket4j's system meter */
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final TimeMeter clock = new TimeMeter() {
        @Override
        public long currentTimeNanos() {
            return now.get() * 1_000_000;
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    };

    @Test
    void theDefaultsAreThoseOfOperationsMd() {
        RateLimiter limiter = new RateLimiter(Map.of(), clock);
        assertEquals(100, limiter.perMinute(RateLimit.CLIENT));
        assertEquals(1_000, limiter.perMinute(RateLimit.MINER));
        assertEquals(60, limiter.perMinute(RateLimit.USER));
        assertEquals(100, limiter.perMinute(RateLimit.RPC_WRITE));
        assertEquals("AITBC_RATE_LIMIT_RPC_WRITE", RateLimit.RPC_WRITE.configKey());
    }

    @Test
    void aSubjectGetsItsLimitThenA429WithRetryAfter() {
        RateLimiter limiter = new RateLimiter(Map.of(RateLimit.CLIENT, 5), clock);
        for (int i = 0; i < 5; i++) {
            assertDoesNotThrow(() -> limiter.check(null, RateLimit.CLIENT, "key-a"));
        }
        RateLimitedException e = assertThrows(RateLimitedException.class,
                () -> limiter.check(null, RateLimit.CLIENT, "key-a"));
        assertEquals(429, e.status());
        assertEquals("rate_limited", e.code());
        // 5 per minute: one token every 12 s
        assertEquals(12, e.retryAfterSeconds());
        assertEquals("12", e.headers().get("Retry-After"));
        now.addAndGet(11_000);
        assertThrows(RateLimitedException.class, () -> limiter.check(null, RateLimit.CLIENT, "key-a"));
        now.addAndGet(1_000);
        assertDoesNotThrow(() -> limiter.check(null, RateLimit.CLIENT, "key-a"));
    }

    @Test
    void subjectsAndLimitsHaveTheirOwnBuckets() {
        RateLimiter limiter = new RateLimiter(Map.of(RateLimit.CLIENT, 1, RateLimit.USER, 1), clock);
        limiter.check(null, RateLimit.CLIENT, "key-a");
        assertThrows(RateLimitedException.class, () -> limiter.check(null, RateLimit.CLIENT, "key-a"));
        assertDoesNotThrow(() -> limiter.check(null, RateLimit.CLIENT, "key-b"));
        assertDoesNotThrow(() -> limiter.check(null, RateLimit.USER, "key-a"));
    }

    @Test
    void zeroSwitchesALimitOff() {
        RateLimiter limiter = new RateLimiter(Map.of(RateLimit.RPC_WRITE, 0), clock);
        for (int i = 0; i < 1_000; i++) {
            limiter.check(null, RateLimit.RPC_WRITE, "127.0.0.1");
        }
        assertEquals(0, limiter.subjects());
    }

    @Test
    void aFloodOfSubjectsKeepsItsBucketsWhileTheyCountAndLosesThemOnceFullAgain() {
        RateLimiter limiter = new RateLimiter(Map.of(RateLimit.SIGN_IN, 2), clock);
        for (int i = 0; i < RateLimiter.SWEEP_ABOVE + 500; i++) {
            limiter.check(null, RateLimit.SIGN_IN, ip(i));
        }
        // each bucket has a token taken, so no sweep may forget it (that would hand out a fresh limit)
        assertEquals(RateLimiter.SWEEP_ABOVE + 500, limiter.subjects());
        limiter.check(null, RateLimit.SIGN_IN, ip(0));
        assertThrows(RateLimitedException.class, () -> limiter.check(null, RateLimit.SIGN_IN, ip(0)));

        now.addAndGet(60_000); // all full again
        limiter.check(null, RateLimit.SIGN_IN, "192.168.0.1");
        assertEquals(1, limiter.subjects());
    }

    private static String ip(int i) {
        return "10." + (i / 65_536) + "." + (i / 256 % 256) + "." + (i % 256);
    }
}
