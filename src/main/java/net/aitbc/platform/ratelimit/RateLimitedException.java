package net.aitbc.platform.ratelimit;

import java.util.Map;
import net.aitbc.platform.error.ApiException;

/** 429 with the seconds until the subject's bucket holds a request again in {@code Retry-After}. */
public class RateLimitedException extends ApiException {

    private final long retryAfterSeconds;

    public RateLimitedException(RateLimit limit, int perMinute, long retryAfterSeconds) {
        super(429, "rate_limited", "rate limit " + limit.id() + " (" + perMinute
                + " requests per minute) exceeded; retry after " + retryAfterSeconds + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Retry-After", Long.toString(retryAfterSeconds));
    }
}
