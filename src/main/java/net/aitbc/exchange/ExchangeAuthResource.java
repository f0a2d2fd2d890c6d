package net.aitbc.exchange;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.protocol.Timestamps;
import net.aitbc.identity.SessionTokens;
import net.aitbc.identity.SignInEndpoints;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Exchange sessions (exchange.md): the wallet-signed challenge, a 24 h token, logout; the coordinator's sign-in. */
@Path("exchange/api/auth")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ExchangeAuthResource {

    @Inject
    SessionTokens tokens;
    @Inject
    SignInEndpoints endpoints;

    @POST
    @Path("challenge")
    @Operation(summary = "{wallet_address} → {challenge (the EIP-4361-style text to sign with the wallet's Ed25519 "
            + "key), nonce, expires_at}; single use, valid 5 minutes")
    public JsonObject challenge(@Context HttpServletRequest request, String body) {
        return endpoints.challenge(request, body);
    }

    @POST
    @Path("login")
    @Operation(summary = "{wallet_address, public_key, signature (Ed25519 over the challenge, hex)} → {token (a JWT "
            + "valid 24 h), user_id, expires_at}; unknown wallets get an account")
    public JsonObject login(@Context HttpServletRequest request, String body) {
        return endpoints.login(request, body);
    }

    @POST
    @Path("logout")
    @Operation(summary = "Revokes the session token (401 with it everywhere from now on)")
    public JsonObject logout(@Context HttpServletRequest request) {
        return endpoints.logout(request);
    }

    @GET
    @Path("me")
    public JsonObject me(@Context HttpServletRequest request) {
        JsonWebToken jwt = tokens.require(request.getUserPrincipal());
        return JsonCodec.createObjectBuilder().add("user_id", String.valueOf((Object) jwt.getClaim("user_id")))
                .add("wallet_address", jwt.getName())
                .add("token_expires_at", Timestamps.format(jwt.getExpirationTime() * 1000)).build();
    }
}
