package net.aitbc.chain.rpc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import net.aitbc.chain.config.ChainConfig;
import net.aitbc.chain.ledger.Block;
import net.aitbc.chain.ledger.Ledger;
import net.aitbc.chain.mempool.Mempool;
import net.aitbc.chain.mempool.PendingTx;
import net.aitbc.chain.node.NodeMetrics;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.protocol.RejectReason;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxRejectedException;
import net.aitbc.chain.protocol.TxType;
import net.aitbc.platform.error.ApiException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Sending and reading transactions. */
@Path("rpc")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class TransactionResource {

    @Inject
    Mempool mempool;
    @Inject
    Ledger ledger;
    @Inject
    ChainConfig config;
    @Inject
    NodeMetrics metrics;

    @POST
    @Path("sendTx")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a signed transaction {chain_id, type, sender, nonce, fee, payload, public_key, sig} -> {tx_hash}")
    public JsonObject sendTx(JsonObject body) {
        return submit(body, null);
    }

    @POST
    @Path("transactions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Same as sendTx (the original wallet's path); unsigned sends are refused")
    public JsonObject sendToTransactions(JsonObject body) {
        return submit(body, null);
    }

    @POST
    @Path("submitReceipt")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a signed RECEIPT_CLAIM transaction -> {tx_hash}")
    public JsonObject submitReceipt(JsonObject body) {
        return submit(body, TxType.RECEIPT_CLAIM);
    }

    JsonObject submit(JsonObject body, TxType required) {
        try {
            if (body == null) {
                throw new TxRejectedException(RejectReason.INVALID_FIELD, "a JSON body is required");
            }
            SignedTx tx = SignedTx.fromWire(body);
            if (required != null && tx.type() != required) {
                throw new TxRejectedException(RejectReason.INVALID_FIELD, "this endpoint takes only "
                        + required + " transactions", "type");
            }
            String hash = mempool.submit(tx);
            metrics.accepted();
            return JsonCodec.createObjectBuilder().add("tx_hash", hash).build();
        } catch (TxRejectedException e) {
            metrics.rejected(e.reason());
            throw e;
        }
    }

    @GET
    @Path("tx/{hash}")
    @Operation(summary = "A transaction: included (block_height) or pending (status, mempool_position)")
    public JsonObject tx(@PathParam("hash") String raw) {
        String hash = RpcParams.hash(raw, "tx_hash");
        var included = ledger.transaction(hash);
        if (included.isPresent()) {
            return included.get().toJson(config.chainId());
        }
        PendingTx pending = mempool.find(hash).orElseThrow(() -> ApiException.notFound("no transaction " + hash));
        long ahead = mempool.positionOf(pending);
        long nextHeight = ledger.head().map(Block::height).orElse(0L) + 1;
        return JsonCodec.createObjectBuilder(pending.toJson(config.chainId()))
                .add("mempool_position", ahead)
                .add("expected_block_height", nextHeight + ahead / Math.max(1, config.maxTxsPerBlock()))
                .build();
    }

    @GET
    @Path("transactions")
    @Operation(summary = "Newest included transactions first: {transactions, total, limit, offset}")
    public JsonObject transactions(@QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset) {
        Paging p = Paging.of(limit, offset);
        JsonArrayBuilder array = JsonCodec.createArrayBuilder();
        ledger.newestTransactions(p.limit(), p.offset()).forEach(t -> array.add(t.toJson(config.chainId())));
        return JsonCodec.createObjectBuilder().add("transactions", array).add("total", ledger.transactionCount())
                .add("limit", p.limit()).add("offset", p.offset()).build();
    }

    @GET
    @Path("transactions/search")
    @Operation(summary = "The RECEIPT_CLAIM transaction of a receipt: {transactions: [...]}")
    public JsonObject search(@QueryParam("receipt_id") String receiptId) {
        if (receiptId == null || receiptId.isBlank()) {
            throw ApiException.invalidField("receipt_id", "receipt_id is required");
        }
        JsonArrayBuilder array = JsonCodec.createArrayBuilder();
        ledger.receipt(receiptId).flatMap(r -> ledger.transaction(r.toJson().getString("tx_hash")))
                .ifPresent(t -> array.add(t.toJson(config.chainId())));
        return JsonCodec.createObjectBuilder().add("transactions", array).build();
    }
}
