package net.aitbc.platform.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import net.aitbc.platform.config.Secrets;
import net.aitbc.platform.error.ApiException;

/** The admin keys (ADMIN_API_KEYS, X-Api-Key), compared in constant time. */
@ApplicationScoped
public class AdminKeys {

    @Inject
    Secrets secrets;

    /** Throws 401 when the key is missing or wrong. */
    public void require(String presented) {
        if (presented == null || presented.isBlank()) {
            throw new ApiException(401, "unauthorized", "this endpoint needs an admin key in X-Api-Key");
        }
        String[] keys = secrets.get("ADMIN_API_KEYS").orElse("").split(",");
        byte[] given = presented.strip().getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (String key : keys) {
            // no early exit: every configured key is compared
            match |= !key.isBlank() && MessageDigest.isEqual(key.strip().getBytes(StandardCharsets.UTF_8), given);
        }
        if (!match) {
            throw new ApiException(401, "unauthorized", "the admin key in X-Api-Key is not valid");
        }
        Arrays.fill(given, (byte) 0);
    }
}
