package net.aitbc.chain.rpc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import net.aitbc.chain.ledger.Ledger;
import net.aitbc.chain.protocol.EscrowState;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.platform.error.ApiException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Escrows on chain: {@code GET /rpc/escrow/{escrow_id}} and {@code GET /rpc/escrows}, and many by id at once ({@code POST /rpc/escrows/lookup}). */
@Path("rpc")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class EscrowResource {

    static final int MAX_LOOKUP = 1000;

    @Inject
    Ledger ledger;

    @GET
    @Path("escrow/{id}")
    @Operation(summary = "One escrow: {escrow_id, payer, arbiter, amount, reference, expires_at_height, status, "
            + "lock_tx, lock_height, settle_tx, settle_height, closed_by, payouts, receipt_id}; settle_tx is the "
            + "settle or reclaim that closed it")
    public JsonObject escrow(@PathParam("id") String raw) {
        String id = RpcParams.hash(raw, "escrow_id");
        return ledger.escrow(id).orElseThrow(() -> ApiException.notFound("no escrow " + id)).toJson();
    }

    /**
     * Many escrows in one request, for a caller that follows hundreds (a coordinator settling its jobs): a read, so
     * it changes nothing; POST only because the ids would not fit a URL.
     */
    @POST
    @Path("escrows/lookup")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Many escrows at once: {escrow_ids: [1 to 1000 ids]} -> {escrows: [as GET /rpc/escrow/{id}],"
            + " missing: [ids the chain holds no escrow for, yet]}; changes nothing")
    public JsonObject lookup(JsonObject body) {
        if (body == null || !(body.get("escrow_ids") instanceof JsonArray list) || list.isEmpty()
                || list.size() > MAX_LOOKUP) {
            throw ApiException.invalidField("escrow_ids", "escrow_ids must be an array of 1 to " + MAX_LOOKUP
                    + " escrow ids");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof JsonString id)) {
                throw ApiException.invalidField("escrow_ids[" + i + "]", "escrow_ids[" + i + "] must be a string");
            }
            ids.add(RpcParams.hash(id.getString(), "escrow_ids[" + i + "]"));
        }
        JsonArrayBuilder found = JsonCodec.createArrayBuilder();
        Set<String> missing = new LinkedHashSet<>(ids);
        for (EscrowState e : ledger.escrowsById(ids)) {
            found.add(e.toJson());
            missing.remove(e.escrowId());
        }
        JsonArrayBuilder absent = JsonCodec.createArrayBuilder();
        missing.forEach(absent::add);
        return JsonCodec.createObjectBuilder().add("escrows", found).add("missing", absent).build();
    }

    @GET
    @Path("escrows")
    @Operation(summary = "Escrows, newest lock first, filtered by payer, arbiter, status (OPEN, SETTLED, RECLAIMED) "
            + "and receipt_id: {escrows, total, limit, offset}")
    public JsonObject escrows(@QueryParam("payer") String payer, @QueryParam("arbiter") String arbiter,
                              @QueryParam("status") String status, @QueryParam("receipt_id") String receiptId,
                              @QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset) {
        Paging p = Paging.of(limit, offset);
        Ledger.EscrowFilter filter = new Ledger.EscrowFilter(payer == null ? null : RpcParams.address(payer),
                arbiter == null ? null : RpcParams.address(arbiter), status(status),
                receiptId == null || receiptId.isBlank() ? null : receiptId);
        JsonArrayBuilder list = JsonCodec.createArrayBuilder();
        ledger.escrows(filter, p.limit(), p.offset()).forEach(e -> list.add(e.toJson()));
        return JsonCodec.createObjectBuilder().add("escrows", list).add("total", ledger.escrowCount(filter))
                .add("limit", p.limit()).add("offset", p.offset()).build();
    }

    private static EscrowState.Status status(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return EscrowState.Status.valueOf(raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("status", "status must be OPEN, SETTLED or RECLAIMED");
        }
    }
}
