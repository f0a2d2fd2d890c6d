package net.aitbc.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.protocol.Timestamps;
import net.aitbc.platform.ratelimit.RateLimit;
import net.aitbc.platform.ratelimit.RateLimiter;
import net.aitbc.platform.rest.RequestFields;

/**
 * The wire side of wallet sign-in, the same under {@code /v1/users} (coordinator) and {@code /exchange/api/auth}
 * (exchange): a challenge for a wallet, the login with its signature, logout. Each resource keeps its own paths and
 * documentation and answers with these bodies, so the two cannot drift apart.
 */
@ApplicationScoped
public class SignInEndpoints {

    @Inject
    WalletSignIn signIn;
    @Inject
    SessionTokens tokens;
    @Inject
    RateLimiter limiter;

    /** {wallet_address} → {challenge, nonce, wallet_address, expires_at}. */
    public JsonObject challenge(HttpServletRequest request, String body) {
        limiter.check(request, RateLimit.SIGN_IN, RateLimiter.clientAddress(request));
        JsonObject b = RequestFields.objectOrEmpty(body);
        SignInMessage m = signIn.challenge(RequestFields.text(b, "wallet_address", 100), signIn.domainOf(request),
                signIn.uriOf(request));
        return JsonCodec.createObjectBuilder().add("challenge", m.text()).add("nonce", m.nonce())
                .add("wallet_address", m.address())
                .add("expires_at", Timestamps.format(m.expiresAt().toEpochMilli())).build();
    }

    /** {wallet_address, public_key, signature} → {token, token_type, user_id, wallet_address, expires_at}. */
    public JsonObject login(HttpServletRequest request, String body) {
        limiter.check(request, RateLimit.SIGN_IN, RateLimiter.clientAddress(request));
        JsonObject b = RequestFields.objectOrEmpty(body);
        WalletSignIn.Login login = signIn.login(RequestFields.text(b, "wallet_address", 100),
                RequestFields.text(b, "public_key", 200), RequestFields.text(b, "signature", 300),
                signIn.domainOf(request));
        return JsonCodec.createObjectBuilder().add("token", login.token()).add("token_type", "Bearer")
                .add("user_id", login.userId()).add("wallet_address", login.wallet())
                .add("expires_at", Timestamps.format(login.expiresAt().toEpochMilli())).build();
    }

    /** Revokes the request's token: 401 with it on every server from then on. */
    public JsonObject logout(HttpServletRequest request) {
        tokens.revoke(tokens.require(request.getUserPrincipal()));
        return JsonCodec.createObjectBuilder().add("status", "ok").add("detail", "the token is revoked").build();
    }
}
