package net.aitbc.coordinator.users;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.chain.gateway.ChainGateway;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.protocol.Timestamps;
import net.aitbc.identity.SessionTokens;
import net.aitbc.identity.SignInEndpoints;
import net.aitbc.identity.WalletSignIn;
import net.aitbc.identity.WalletUser;
import net.aitbc.platform.error.ApiException;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Users of the web pages, {@code /v1/users}: sign in with a wallet (a challenge, then its signature) for a 24 h
 * session token; read one's own account, balance and transactions with it; log out (the token is revoked).
 */
@Path("v1/users")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    @Inject
    WalletSignIn signIn;
    @Inject
    SessionTokens tokens;
    @Inject
    SignInEndpoints endpoints;
    @Inject
    ChainGateway chain;

    @POST
    @Path("challenge")
    @Operation(summary = "A single-use sign-in challenge for a wallet: {challenge (the text to sign), nonce, expires_at}")
    public JsonObject challenge(@Context HttpServletRequest request, String body) {
        return endpoints.challenge(request, body);
    }

    @POST
    @Path("login")
    @Operation(summary = "Log in {wallet_address, public_key, signature (Ed25519 over the challenge)} → {token, "
            + "user_id, expires_at}; an unsigned login is a 401 naming the challenge flow")
    public JsonObject login(@Context HttpServletRequest request, String body) {
        return endpoints.login(request, body);
    }

    @POST
    @Path("logout")
    public JsonObject logout(@Context HttpServletRequest request) {
        return endpoints.logout(request);
    }

    @GET
    @Path("me")
    public JsonObject me(@Context HttpServletRequest request) {
        JsonWebToken jwt = tokens.require(request.getUserPrincipal());
        WalletUser user = signIn.userOf(jwt.getName()).orElseThrow(() -> ApiException.notFound("no account"));
        return JsonCodec.createObjectBuilder().add("user_id", user.userId()).add("wallet_address", user.wallet())
                .add("created_at", Timestamps.format(user.createdAt()))
                .add("last_login", Timestamps.format(user.lastLogin()))
                .add("token_expires_at", Timestamps.format(jwt.getExpirationTime() * 1000)).build();
    }

    @GET
    @Path("{id}/balance")
    @Operation(summary = "The signed-in user's balance on chain {balance, nonce, next_nonce (with its pending "
            + "transactions: the nonce to sign next)} ({id}: its user id or wallet address; 403 for another's)")
    public JsonObject balance(@Context HttpServletRequest request, @PathParam("id") String id) {
        String wallet = own(request, id);
        ChainClient.Balance b = chainClient().balance(wallet);
        return JsonCodec.createObjectBuilder().add("user_id", id).add("wallet_address", wallet)
                .add("balance", b.balance()).add("nonce", b.nonce()).add("next_nonce", b.nextNonce()).build();
    }

    @GET
    @Path("{id}/transactions")
    @Operation(summary = "The signed-in user's transactions on chain, newest first")
    public JsonObject transactions(@Context HttpServletRequest request, @PathParam("id") String id,
                                   @QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset) {
        String wallet = own(request, id);
        JsonObject view = chainClient().get("/rpc/address/" + wallet + "?limit="
                + net.aitbc.coordinator.jobs.Pages.limit(limit) + "&offset=" + net.aitbc.coordinator.jobs.Pages.offset(offset));
        return JsonCodec.createObjectBuilder().add("user_id", id).add("wallet_address", wallet)
                .add("transactions", view.getJsonArray("transactions")).build();
    }

    private String own(HttpServletRequest request, String id) {
        JsonWebToken jwt = tokens.require(request.getUserPrincipal());
        String wallet = jwt.getName();
        String userId = jwt.getClaim("user_id");
        if (!wallet.equals(id) && !id.equals(userId)) {
            throw new ApiException(403, "forbidden", "a user may read only its own account");
        }
        return wallet;
    }

    private ChainClient chainClient() {
        try {
            return chain.client();
        } catch (IllegalStateException e) {
            throw new ApiException(503, "chain_unavailable", e.getMessage());
        }
    }
}
