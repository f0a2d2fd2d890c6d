package net.aitbc.chain.rpc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import net.aitbc.chain.ledger.Ledger;
import net.aitbc.chain.ledger.Receipt;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.platform.error.ApiException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Receipts recorded on chain by RECEIPT_CLAIM transactions. */
@Path("rpc/receipts")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ReceiptResource {

    @Inject
    Ledger ledger;

    @GET
    @Path("outcomes")
    @Operation(summary = "What one signer's recorded receipts say per provider: {signer, providers: [{provider, "
            + "completed, failed, expired, total, by_status}]}; provider narrows it to one. Anyone can recount the "
            + "marketplace's reliability inputs from this (signer = the coordinator's receipt address)")
    public JsonObject outcomes(@QueryParam("signer") String signer, @QueryParam("provider") String provider) {
        if (signer == null || signer.isBlank()) {
            throw ApiException.invalidField("signer", "signer (the receipt signer's address) is required");
        }
        JsonArrayBuilder providers = JsonCodec.createArrayBuilder();
        ledger.receiptOutcomes(signer.strip(), provider == null || provider.isBlank() ? null : provider.strip())
                .forEach((miner, byStatus) -> {
                    var statuses = JsonCodec.createObjectBuilder();
                    byStatus.forEach((status, n) -> statuses.add(status, n.longValue()));
                    providers.add(JsonCodec.createObjectBuilder().add("provider", miner)
                            .add("completed", byStatus.getOrDefault("COMPLETED", 0L))
                            .add("failed", byStatus.getOrDefault("FAILED", 0L))
                            .add("expired", byStatus.getOrDefault("EXPIRED", 0L))
                            .add("total", byStatus.values().stream().mapToLong(Long::longValue).sum())
                            .add("by_status", statuses));
                });
        return JsonCodec.createObjectBuilder().add("signer", signer.strip()).add("providers", providers).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One recorded receipt with its signature and the block that recorded it")
    public JsonObject receipt(@PathParam("id") String id) {
        return ledger.receipt(id).map(Receipt::toJson)
                .orElseThrow(() -> ApiException.notFound("no receipt " + (id.length() > 80 ? id.substring(0, 80) : id)));
    }

    @GET
    @Operation(summary = "Newest receipts first: {receipts, total, limit, offset}")
    public JsonObject receipts(@QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset) {
        Paging p = Paging.of(limit, offset);
        JsonArrayBuilder array = JsonCodec.createArrayBuilder();
        ledger.newestReceipts(p.limit(), p.offset()).forEach(r -> array.add(r.toJson()));
        return JsonCodec.createObjectBuilder().add("receipts", array).add("total", ledger.receiptCount())
                .add("limit", p.limit()).add("offset", p.offset()).build();
    }
}
