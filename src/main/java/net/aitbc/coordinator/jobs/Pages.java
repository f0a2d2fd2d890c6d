package net.aitbc.coordinator.jobs;

import net.aitbc.platform.error.ApiException;

/** {@code limit} (default 20, at most 100) and {@code offset} of list endpoints, as the node's RPC has them. */
public final class Pages {

    private Pages() {
    }

    public static int limit(Integer limit) {
        if (limit == null) {
            return 20;
        }
        if (limit < 1 || limit > 100) {
            throw ApiException.invalidField("limit", "limit must be from 1 to 100");
        }
        return limit;
    }

    public static int offset(Integer offset) {
        if (offset == null) {
            return 0;
        }
        if (offset < 0) {
            throw ApiException.invalidField("offset", "offset must not be negative");
        }
        return offset;
    }
}
