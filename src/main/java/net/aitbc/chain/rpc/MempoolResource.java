package net.aitbc.chain.rpc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import net.aitbc.chain.config.ChainConfig;
import net.aitbc.chain.crypto.CanonicalJson;
import net.aitbc.chain.mempool.Mempool;
import net.aitbc.chain.mempool.PendingTx;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.protocol.RejectReason;
import net.aitbc.chain.protocol.Timestamps;
import net.aitbc.chain.protocol.TxRejectedException;
import net.aitbc.chain.protocol.TxType;
import net.aitbc.chain.protocol.WireFields;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The mempool as clients see it, and fee estimates. */
@Path("rpc")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class MempoolResource {

    @Inject
    Mempool mempool;
    @Inject
    ChainConfig config;
    @Inject
    ServedPages pages;

    @GET
    @Path("mempool")
    @Operation(summary = "{size, txs: [{tx_hash, fee, size, received_at}]} in block-producer order (first `limit`)")
    public Response mempool(@QueryParam("limit") Integer limit,
                            @HeaderParam(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        Paging p = Paging.of(limit, 0);
        return pages.at("mempool", mempool.version(), p.limit(), 0, () -> {
            JsonArrayBuilder txs = JsonCodec.createArrayBuilder();
            mempool.byPriority(0, p.limit()).forEach(t -> txs.add(JsonCodec.createObjectBuilder()
                    .add("tx_hash", t.txHash()).add("sender", t.sender()).add("nonce", t.nonce()).add("fee", t.fee())
                    .add("size", t.size()).add("received_at", Timestamps.format(t.receivedAt()))));
            return JsonCodec.createObjectBuilder().add("size", mempool.count()).add("txs", txs).build();
        }).response(acceptEncoding);
    }

    /**
     * The fee that gets a transaction into the next block: the minimum fee while the mempool holds less than a
     * block, else one more than the fee of the last transaction that would make it into the next block.
     */
    @POST
    @Path("estimateFee")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "{type, payload?} -> {type, base_fee, payload_bytes, estimated_fee}")
    public JsonObject estimateFee(JsonObject body) {
        if (body == null) {
            throw new TxRejectedException(RejectReason.INVALID_FIELD, "a JSON body is required");
        }
        String type = WireFields.string(body, "type");
        if (TxType.parse(type).isEmpty()) {
            throw new TxRejectedException(RejectReason.UNKNOWN_TYPE, "unknown transaction type", "type");
        }
        int payloadBytes = body.containsKey("payload") && !body.isNull("payload")
                ? CanonicalJson.bytes(WireFields.object(body, "payload")).length : 0;
        long base = config.minFee();
        long estimated = base;
        // the last transaction that would still make it into the next block, if the mempool holds a block's worth
        List<PendingTx> last = mempool.byPriority(config.maxTxsPerBlock() - 1, 1);
        if (!last.isEmpty()) {
            estimated = Math.max(base, last.get(0).fee() + 1);
        }
        return JsonCodec.createObjectBuilder().add("type", type).add("base_fee", base).add("payload_bytes", payloadBytes)
                .add("estimated_fee", estimated).build();
    }
}
