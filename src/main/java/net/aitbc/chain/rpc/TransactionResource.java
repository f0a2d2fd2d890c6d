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
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
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
    ServedPages pages;
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

    /** More than any one round of a coordinator's settlements; a block takes at most max_txs_per_block anyway. */
    static final int MAX_BATCH = 500;

    @POST
    @Path("sendTxs")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit one sender's signed transactions in nonce order {transactions: [...]} (1 to 500) -> "
            + "{accepted, results: [{tx_hash, accepted, status?, error?, detail?, field?}]}: each admitted or refused "
            + "as sendTx would, judged after the batch's earlier ones; one commit for the batch")
    public JsonObject sendTxs(JsonObject body) {
        if (body == null || !(body.get("transactions") instanceof jakarta.json.JsonArray list) || list.isEmpty()
                || list.size() > MAX_BATCH) {
            throw new TxRejectedException(RejectReason.INVALID_FIELD, "transactions must be an array of 1 to "
                    + MAX_BATCH + " signed transactions of one sender", "transactions");
        }
        java.util.List<SignedTx> txs = new java.util.ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof JsonObject wire)) {
                throw new TxRejectedException(RejectReason.INVALID_FIELD, "transactions[" + i + "] must be an object",
                        "transactions[" + i + "]");
            }
            try {
                txs.add(SignedTx.fromWire(wire));
            } catch (TxRejectedException e) {
                throw new TxRejectedException(e.reason(), "transactions[" + i + "]: " + e.getMessage(),
                        "transactions[" + i + "]" + (e.field() == null ? "" : "." + e.field()));
            }
            if (!txs.get(i).sender().equals(txs.get(0).sender())) {
                throw new TxRejectedException(RejectReason.INVALID_FIELD, "a batch holds one sender's transactions; "
                        + "transactions[" + i + "] is from another", "transactions[" + i + "].sender");
            }
        }
        jakarta.json.JsonArrayBuilder results = JsonCodec.createArrayBuilder();
        int accepted = 0;
        for (Mempool.BatchOutcome o : mempool.submitBatch(txs)) {
            var r = JsonCodec.createObjectBuilder().add("tx_hash", o.tx().hash());
            if (o.refused() == null) {
                metrics.accepted();
                accepted++;
                results.add(r.add("accepted", true));
            } else {
                metrics.rejected(o.refused().reason());
                r.add("accepted", false).add("status", o.refused().status()).add("error", o.refused().code())
                        .add("detail", o.refused().getMessage());
                if (o.refused().field() != null) {
                    r.add("field", o.refused().field());
                }
                results.add(r);
            }
        }
        return JsonCodec.createObjectBuilder().add("accepted", accepted).add("results", results).build();
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
    public Response transactions(@QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset,
                                 @HeaderParam(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        Paging p = Paging.of(limit, offset);
        return pages.atHead("transactions", p.limit(), p.offset(), () -> {
            JsonArrayBuilder array = JsonCodec.createArrayBuilder();
            ledger.newestTransactions(p.limit(), p.offset()).forEach(t -> array.add(t.toJson(config.chainId())));
            return JsonCodec.createObjectBuilder().add("transactions", array).add("total", ledger.transactionCount())
                    .add("limit", p.limit()).add("offset", p.offset()).build();
        }).response(acceptEncoding);
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
