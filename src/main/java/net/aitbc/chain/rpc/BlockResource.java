package net.aitbc.chain.rpc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.aitbc.chain.ledger.Block;
import net.aitbc.chain.ledger.ChainHead;
import net.aitbc.chain.config.ChainConfig;
import net.aitbc.chain.node.ChainViews;
import net.aitbc.chain.ledger.ChainTx;
import net.aitbc.chain.ledger.Ledger;
import net.aitbc.platform.error.ApiException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Head and blocks: {@code /rpc/head}, {@code /rpc/blocks}, {@code /rpc/blocks/{height}},
 * {@code /rpc/blocks/by-hash/{hash}}, {@code /rpc/blocks-range}.
 */
@Path("rpc")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class BlockResource {

    /** A sync batch: enough to catch up quickly, small enough for one response. */
    static final int MAX_RANGE = 100;

    @Inject
    Ledger ledger;
    @Inject
    ChainViews views;
    @Inject
    ChainHead chainHead;
    @Inject
    ChainConfig config;

    @GET
    @Path("head")
    @Operation(summary = "The newest block: {height, hash, timestamp, tx_count, ...}")
    public JsonObject head() {
        return chainHead.json(config.chainId())
                .orElseThrow(() -> ApiException.notFound("the chain has no genesis yet"));
    }

    @GET
    @Path("blocks/{height}")
    @Operation(summary = "One block with its header fields, proposer, signature and transactions")
    public JsonObject block(@PathParam("height") String height) {
        long h = RpcParams.height(height);
        Block b = ledger.block(h).orElseThrow(() -> ApiException.notFound("no block at height " + h));
        return views.fullBlock(b);
    }

    @GET
    @Path("blocks/by-hash/{hash}")
    @Operation(summary = "One block by its hash, exactly as /rpc/blocks/{height} returns it (404 when unknown)")
    public JsonObject blockByHash(@PathParam("hash") String raw) {
        String hash = RpcParams.hash(raw, "hash");
        Block b = ledger.blockByHash(hash).orElseThrow(() -> ApiException.notFound("no block with hash " + hash));
        return views.fullBlock(b);
    }

    @GET
    @Path("blocks")
    @Operation(summary = "Newest blocks first: {blocks, total, limit, offset}")
    public JsonObject blocks(@QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset) {
        Paging p = Paging.of(limit, offset);
        JsonArrayBuilder array = Json.createArrayBuilder();
        ledger.newestBlocks(p.limit(), p.offset()).forEach(b -> array.add(views.header(b)));
        return Json.createObjectBuilder().add("blocks", array).add("total", ledger.blockCount())
                .add("limit", p.limit()).add("offset", p.offset()).build();
    }

    @GET
    @Path("blocks-range")
    @Operation(summary = "Blocks start..end (inclusive, at most 100) with their full transactions, for sync")
    public JsonObject range(@QueryParam("start") Long start, @QueryParam("end") Long end) {
        if (start == null || start < 0) {
            throw ApiException.invalidField("start", "start must be a non-negative height");
        }
        long last = end == null ? start + MAX_RANGE - 1 : end;
        if (last < start) {
            throw ApiException.invalidField("end", "end must not be below start");
        }
        last = Math.min(last, start + MAX_RANGE - 1);
        List<Block> blocks = ledger.blocks(start, last);
        Map<Long, List<ChainTx>> txs = ledger.transactionsIn(start, last).stream()
                .collect(Collectors.groupingBy(ChainTx::blockHeight));
        JsonArrayBuilder array = Json.createArrayBuilder();
        blocks.forEach(b -> array.add(views.fullBlock(b, txs.getOrDefault(b.height(), List.of()))));
        return Json.createObjectBuilder().add("start", start).add("end", last).add("blocks", array).build();
    }
}
