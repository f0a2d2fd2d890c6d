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
