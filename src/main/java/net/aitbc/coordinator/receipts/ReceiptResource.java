package net.aitbc.coordinator.receipts;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.protocol.SignedReceipt;
import net.aitbc.platform.error.ApiException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Public receipt facts: the coordinator's signing key, and a verifier anyone may call. */
@Path("v1/receipts")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ReceiptResource {

    @Inject
    ReceiptKey key;

    @GET
    @Path("public-key")
    @Operation(summary = "The key receipts are signed with: {alg, key_id (its address, also the escrow arbiter), public_key}")
    public JsonObject publicKey() {
        return key.publicKey();
    }

    @POST
    @Path("verify")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Checks a receipt's signature: {valid, receipt_id, job_id, signer, signed_by_this_coordinator, error?}")
    public JsonObject verify(JsonObject body) {
        if (body == null) {
            throw ApiException.invalidField("receipt", "send the receipt JSON (or {receipt: ...})");
        }
        JsonObject receipt = body.get("receipt") instanceof JsonObject r ? r : body;
        try {
            SignedReceipt r = SignedReceipt.parse(receipt);
            return JsonCodec.createObjectBuilder().add("valid", true).add("receipt_id", r.receiptId())
                    .add("job_id", r.jobId() == null ? "" : r.jobId()).add("signer", r.signer())
                    .add("signed_by_this_coordinator", r.signer().equals(key.address())).build();
        } catch (ApiException e) {
            return JsonCodec.createObjectBuilder().add("valid", false).add("error", e.getMessage()).build();
        }
    }
}
