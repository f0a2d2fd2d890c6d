package net.aitbc.exchange;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import net.aitbc.identity.SessionTokens;
import net.aitbc.platform.ratelimit.RateLimit;
import net.aitbc.platform.ratelimit.RateLimiter;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is trading: the wallet of a request's session token (exchange.md, "Sessions"). A request without a token is
 * anonymous on the endpoints that allow it; a token that is present but bad, expired or revoked is a 401 everywhere.
 */
@ApplicationScoped
public class Traders {

    @Inject
    SessionTokens tokens;
    @Inject
    RateLimiter limiter;

    /** The signed-in wallet's address; 401 without a valid token. */
    public String wallet(HttpServletRequest request) {
        return token(request).getName();
    }

    /** The request's verified token; 401 without one, 429 when its wallet's USER limit is used up. */
    public JsonWebToken token(HttpServletRequest request) {
        JsonWebToken token = tokens.require(request.getUserPrincipal());
        limiter.check(request, RateLimit.USER, token.getName());
        return token;
    }

    /** The signed-in wallet if a token is presented (401 when it is not valid), else empty. */
    public Optional<String> optionalWallet(HttpServletRequest request) {
        String auth = request.getHeader("Authorization");
        if (auth == null || auth.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(wallet(request));
    }
}
