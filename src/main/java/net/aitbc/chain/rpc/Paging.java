package net.aitbc.chain.rpc;

import net.aitbc.platform.error.ApiException;

/** {@code limit} (default 20, 1 … 100) and {@code offset} (≥ 0) of every list endpoint. */
public record Paging(int limit, int offset) {

    public static final int MAX_LIMIT = 100;

    public static Paging of(Integer limit, Integer offset) {
        int l = limit == null ? 20 : limit;
        int o = offset == null ? 0 : offset;
        if (l < 1 || l > MAX_LIMIT) {
            throw ApiException.invalidField("limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        if (o < 0) {
            throw ApiException.invalidField("offset", "offset must not be negative");
        }
        return new Paging(l, o);
    }
}
