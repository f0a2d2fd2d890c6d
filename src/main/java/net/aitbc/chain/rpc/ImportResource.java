package net.aitbc.chain.rpc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.protocol.RejectReason;
import net.aitbc.chain.protocol.TxRejectedException;
import net.aitbc.chain.sync.BlockImporter;
import net.aitbc.chain.sync.ImportResult;
import net.aitbc.platform.error.RequestIds;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code POST /rpc/importBlock} (and the seed's {@code /rpc/blocks/import}): one block exactly as
 * /rpc/blocks/{h} returns it. 200 with accepted true (reason "known" for a block we have); 400 for an invalid
 * block, 409 for one that does not fit this chain, both with accepted false and the reason.
 */
@Path("rpc")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ImportResource {

    @Inject
    BlockImporter importer;

    @POST
    @Path("importBlock")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import one block (header, signature, transactions) -> {accepted, height, hash, reason, reorged, reorg_depth}")
    public Response importBlock(JsonObject block, @jakarta.ws.rs.core.Context jakarta.servlet.http.HttpServletRequest request) {
        if (block == null) {
            throw new TxRejectedException(RejectReason.INVALID_FIELD, "a JSON block is required");
        }
        ImportResult result = importer.importBlock(block);
        if (result.accepted()) {
            return Response.ok(result.toJson()).build();
        }
        int status = result.refusal().invalid() ? 400 : 409;
        JsonObject body = JsonCodec.createObjectBuilder(result.toJson()).add("status", status)
                .add("error", status == 400 ? "invalid_block" : "block_conflict").add("detail", result.reason())
                .add("request_id", String.valueOf(RequestIds.of(request))).build();
        return Response.status(status).entity(body).build();
    }

    @POST
    @Path("blocks/import")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Same as /rpc/importBlock (the seed's path)")
    public Response importBlockAlias(JsonObject block, @jakarta.ws.rs.core.Context jakarta.servlet.http.HttpServletRequest request) {
        return importBlock(block, request);
    }
}
