package net.aitbc.coordinator.access;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Optional;
import net.aitbc.identity.SessionTokens;
import net.aitbc.platform.error.ApiException;
import net.aitbc.platform.ratelimit.RateLimit;
import net.aitbc.platform.ratelimit.RateLimiter;

/**
 * Turns a request's credentials into a {@link Caller} of the kind an endpoint needs: 401 when the key (or token)
 * is missing or wrong, 403 when it is valid but of another kind. {@code X-Api-Key} carries keys;
 * {@code Authorization: Bearer} a signed-in wallet's token, accepted wherever a client key is.
 */
@ApplicationScoped
public class Callers {

    public static final String KEY_HEADER = "X-Api-Key";

    @Inject
    ApiKeys keys;
    @Inject
    SessionTokens tokens;
    /** the current request (a CDI built-in bean): MicroProfile JWT has put a verified token's principal there */
    @Inject
    HttpServletRequest request;
    @Inject
    RateLimiter limiter;

    public Caller client(HttpHeaders h) {
        return require(h, "a client key (X-Api-Key) or a signed-in wallet's token (Authorization: Bearer)",
                Caller.Kind.CLIENT, Caller.Kind.USER);
    }

    public Caller miner(HttpHeaders h) {
        return require(h, "a miner key (X-Api-Key)", Caller.Kind.MINER);
    }

    public Caller admin(HttpHeaders h) {
        return require(h, "an admin key (X-Api-Key)", Caller.Kind.ADMIN);
    }

    /** The caller if any valid credential is present (public endpoints accept and ignore keys). */
    public Optional<Caller> optional(HttpHeaders h) {
        try {
            return Optional.ofNullable(identify(h));
        } catch (ApiException e) {
            return Optional.empty();
        }
    }

    private Caller require(HttpHeaders h, String needs, Caller.Kind... kinds) {
        Caller caller = identify(h);
        if (caller == null) {
            throw new ApiException(401, "unauthorized", "this endpoint needs " + needs);
        }
        for (Caller.Kind k : kinds) {
            if (caller.kind() == k) {
                return caller;
            }
        }
        throw new ApiException(403, "forbidden", "this endpoint needs " + needs + "; the credential given is a "
                + caller.kind().name().toLowerCase(java.util.Locale.ROOT) + " credential");
    }

    /**
     * null when no credential is present; 401 when one is present but not valid; 429 when the caller's bucket is
     * empty (counted after authentication, so a stranger cannot use up someone's limit with a wrong key).
     */
    private Caller identify(HttpHeaders h) {
        Caller caller = authenticate(h);
        if (caller != null) {
            limiter.check(request, limitOf(caller.kind()), caller.id());
        }
        return caller;
    }

    private static RateLimit limitOf(Caller.Kind kind) {
        return switch (kind) {
            case CLIENT -> RateLimit.CLIENT;
            case MINER -> RateLimit.MINER;
            case ADMIN -> RateLimit.ADMIN;
            case USER -> RateLimit.USER;
        };
    }

    private Caller authenticate(HttpHeaders h) {
        String key = h.getHeaderString(KEY_HEADER);
        if (key != null && !key.isBlank()) {
            return keys.identify(key).orElseThrow(() ->
                    new ApiException(401, "unauthorized", "the key in X-Api-Key is not valid"));
        }
        String auth = h.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return new Caller(Caller.Kind.USER, tokens.require(request.getUserPrincipal()).getName());
        }
        return null;
    }
}
