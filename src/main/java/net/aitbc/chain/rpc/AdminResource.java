package net.aitbc.chain.rpc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import net.aitbc.chain.consensus.ChainVerifier;
import net.aitbc.chain.consensus.Faucet;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.protocol.RejectReason;
import net.aitbc.chain.protocol.TxRejectedException;
import net.aitbc.chain.protocol.WireFields;
import net.aitbc.platform.logging.AuditLog;
import net.aitbc.platform.security.AdminKeys;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Admin operations of a node (admin key in X-Api-Key). */
@Path("rpc/admin")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    @Inject
    AdminKeys adminKeys;
    @Inject
    Faucet faucet;
    @Inject
    ChainVerifier verifier;
    @Inject
    AuditLog audit;

    @POST
    @Path("mintFaucet")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Devnet faucet: {address, amount} -> {tx_hash}; a MINT transaction signed by this authority, included like any other")
    public JsonObject mintFaucet(@HeaderParam("X-Api-Key") String key, JsonObject body) {
        adminKeys.require(key);
        if (body == null) {
            throw new TxRejectedException(RejectReason.INVALID_FIELD, "a JSON body {address, amount} is required");
        }
        String address = RpcParams.address(WireFields.string(body, "address"));
        long amount = WireFields.integer(body, "amount");
        if (amount < 1) {
            throw WireFields.invalid("amount", "amount must be at least 1");
        }
        String hash = faucet.mint(address, amount);
        audit.record("faucet_mint", Map.of("address", address, "amount", amount, "tx_hash", hash));
        return JsonCodec.createObjectBuilder().add("tx_hash", hash).add("address", address).add("amount", amount).build();
    }

    @POST
    @Path("verifyChain")
    @Operation(summary = "Re-checks the whole chain from genesis: hash links, signatures, tx roots, state roots, balances")
    public JsonObject verifyChain(@HeaderParam("X-Api-Key") String key) {
        adminKeys.require(key);
        JsonObject report = verifier.verify();
        audit.record("chain_verified", Map.of("valid", report.getBoolean("valid"), "height", report.getJsonNumber("height").longValue()));
        return report;
    }
}
