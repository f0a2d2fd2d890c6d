package net.aitbc.chain.rpc;

import net.aitbc.chain.crypto.Address;
import net.aitbc.chain.crypto.Hashes;
import net.aitbc.platform.error.ApiException;

/** Path and query values of /rpc: malformed ones are a 400 naming the parameter. */
final class RpcParams {

    private RpcParams() {
    }

    static String address(String raw) {
        String a = Address.normalise(raw);
        if (a == null) {
            throw ApiException.invalidField("address", "not an address (ait1 + 40 hex characters): " + abbreviate(raw));
        }
        return a;
    }

    static String hash(String raw, String name) {
        if (!Hashes.isHash(raw)) {
            throw ApiException.invalidField(name, name + " must be 0x + 64 hex characters");
        }
        return raw.toLowerCase(java.util.Locale.ROOT);
    }

    static long height(String raw) {
        try {
            long h = Long.parseLong(raw);
            if (h >= 0) {
                return h;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the error
        }
        throw ApiException.invalidField("height", "height must be a non-negative integer: " + abbreviate(raw));
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() > 70 ? s.substring(0, 70) + "..." : s;
    }
}
