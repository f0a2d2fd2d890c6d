package net.aitbc.platform.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Token buckets (Bucket4j) per limit and subject, in this server's memory: each server counts its own requests,
 * so N coordinator servers behind one proxy allow up to N times a limit per key (README "Rate limits" says why:
 * a shared bucket would cost a database round trip on every request). Each request is counted at most once,
 * however many times its caller is identified.
 */
@ApplicationScoped
public class RateLimiter {

    /** Buckets idle long enough to be full again are dropped past this many, so a flood of IPs cannot grow the map. */
    static final int SWEEP_ABOVE = 10_000;
    /** Beyond this many live subjects a new one shares one bucket per limit: limited harder, never let through. */
    static final int MAX_SUBJECTS = 200_000;
    private static final String COUNTED = RateLimiter.class.getName() + ".counted";
    private static final String OVERFLOW = "\u0000overflow";
    private static final String DENIED = "aitbc_rate_limit_denied";

    @Inject
    Config config;
    @Inject
    MetricRegistry metrics;

    private final Map<RateLimit, Integer> perMinute = new EnumMap<>(RateLimit.class);
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private TimeMeter clock = TimeMeter.SYSTEM_MILLISECONDS;

    public RateLimiter() {
    }

    /** A limiter with these limits (the others at their defaults), this clock and no metrics: the unit tests'. */
    RateLimiter(Map<RateLimit, Integer> limits, TimeMeter clock) {
        this.clock = clock;
        for (RateLimit limit : RateLimit.values()) {
            perMinute.put(limit, limits.getOrDefault(limit, limit.defaultPerMinute()));
        }
    }

    @PostConstruct
    void configure() {
        for (RateLimit limit : RateLimit.values()) {
            int n = config.getOptionalValue(limit.configKey(), Integer.class).orElse(limit.defaultPerMinute());
            if (n < 0) {
                throw new IllegalArgumentException(limit.configKey() + " must be 0 (off) or a number of requests "
                        + "per minute, not " + n);
            }
            perMinute.put(limit, n);
            // at 0 from the start: a dashboard's rate() sees the first denial, and an absent series is no alert
            metrics.counter(DENIED, new Tag("limit", limit.id()));
        }
    }

    /** requests per minute of a limit, 0 when it is off */
    public int perMinute(RateLimit limit) {
        return perMinute.get(limit);
    }

    /**
     * Counts the request against {@code subject}'s bucket of {@code limit}; 429 (RateLimitedException) when it is
     * empty. A request already counted (against any limit) passes without being counted again.
     */
    public void check(HttpServletRequest request, RateLimit limit, String subject) {
        int n = perMinute.get(limit);
        if (n == 0 || (request != null && request.getAttribute(COUNTED) != null)) {
            return;
        }
        if (request != null) {
            request.setAttribute(COUNTED, limit);
        }
        ConsumptionProbe probe = bucket(limit, subject, n).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            if (metrics != null) {
                metrics.counter(DENIED, new Tag("limit", limit.id())).inc();
            }
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
            throw new RateLimitedException(limit, n, seconds);
        }
    }

    /** The client's address as Liberty's remoteIp resolved it (X-Forwarded-For only from AITBC_TRUSTED_PROXIES). */
    public static String clientAddress(HttpServletRequest request) {
        return request.getRemoteAddr();
    }

    private Bucket bucket(RateLimit limit, String subject, int n) {
        String key = limit.ordinal() + ":" + subject;
        Bucket b = buckets.get(key);
        if (b != null) {
            return b;
        }
        if (buckets.size() >= SWEEP_ABOVE) {
            sweep();
            if (buckets.size() >= MAX_SUBJECTS) {
                key = limit.ordinal() + ":" + OVERFLOW;
            }
        }
        return buckets.computeIfAbsent(key, k -> newBucket(n, clock));
    }

    /** Drops the buckets that are full: forgetting them changes no answer. */
    private synchronized void sweep() {
        if (buckets.size() < SWEEP_ABOVE) {
            return;
        }
        buckets.entrySet().removeIf(e -> e.getValue().getAvailableTokens()
                >= perMinute.get(RateLimit.values()[Integer.parseInt(e.getKey().substring(0, e.getKey().indexOf(':')))]));
    }

    int subjects() {
        return buckets.size();
    }

    static Bucket newBucket(int perMinute, TimeMeter clock) {
        // greedy refill: tokens come back one by one over the minute, not all at once at its end
        return Bucket.builder().withCustomTimePrecision(clock).addLimit(Bandwidth.builder().capacity(perMinute)
                .refillGreedy(perMinute, Duration.ofMinutes(1)).build()).build();
    }
}
