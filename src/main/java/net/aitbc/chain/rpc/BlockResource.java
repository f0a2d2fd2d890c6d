package net.aitbc.chain.rpc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import net.aitbc.chain.config.ChainConfig;
import net.aitbc.chain.ledger.Block;
import net.aitbc.chain.ledger.ChainHead;
import net.aitbc.chain.ledger.ChainTx;
import net.aitbc.chain.ledger.Ledger;
import net.aitbc.chain.node.ChainViews;
import net.aitbc.chain.protocol.JsonCodec;
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
    /** ... and at most this many transactions (at least one block), now that one block may hold thousands. */
    static final int MAX_RANGE_TXS = 10_000;

    @Inject
    Ledger ledger;
    @Inject
    ChainViews views;
    @Inject
    ChainHead chainHead;
    @Inject
    ChainConfig config;
    @Inject
    BlockJsonCache cache;
    @Inject
    ServedPages pages;

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
    public Response block(@PathParam("height") String height,
                          @HeaderParam(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        long h = RpcParams.height(height);
        BlockJsonCache.Serialised settled = cache.settledAt(h);
        if (settled != null) {
            return serialised(settled, acceptEncoding);
        }
        Block b = ledger.block(h).orElseThrow(() -> ApiException.notFound("no block at height " + h));
        chainHead.header(config.chainId()).ifPresent(head -> cache.settle(b, head.height(), config.maxReorgDepth()));
        return serialised(b, acceptEncoding);
    }

    /** The block's cached bytes, gzipped when the client accepts it (a full block is megabytes of JSON). */
    private Response serialised(Block b, String acceptEncoding) {
        return serialised(cache.of(b), acceptEncoding);
    }

    private static Response serialised(BlockJsonCache.Serialised s, String acceptEncoding) {
        boolean gzip = s.gzip() != null && acceptEncoding != null && acceptEncoding.toLowerCase(Locale.ROOT).contains("gzip");
        Response.ResponseBuilder r = Response.ok(gzip ? s.gzip() : s.plain(), MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
        return (gzip ? r.header("Content-Encoding", "gzip") : r).build();
    }

    @GET
    @Path("blocks/by-hash/{hash}")
    @Operation(summary = "One block by its hash, exactly as /rpc/blocks/{height} returns it (404 when unknown)")
    public Response blockByHash(@PathParam("hash") String raw,
                                @HeaderParam(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        String hash = RpcParams.hash(raw, "hash");
        Block b = ledger.blockByHash(hash).orElseThrow(() -> ApiException.notFound("no block with hash " + hash));
        return serialised(b, acceptEncoding);
    }

    @GET
    @Path("blocks")
    @Operation(summary = "Newest blocks first: {blocks, total, limit, offset}")
    public Response blocks(@QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset,
                           @HeaderParam(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        Paging p = Paging.of(limit, offset);
        return pages.atHead("blocks", p.limit(), p.offset(), () -> {
            JsonArrayBuilder array = JsonCodec.createArrayBuilder();
            ledger.newestBlocks(p.limit(), p.offset()).forEach(b -> array.add(views.header(b)));
            return JsonCodec.createObjectBuilder().add("blocks", array).add("total", ledger.blockCount())
                    .add("limit", p.limit()).add("offset", p.offset()).build();
        }).response(acceptEncoding);
    }

    @GET
    @Path("blocks-range")
    @Operation(summary = "Blocks start..end (inclusive, at most 100 blocks and 10,000 transactions, at least one "
            + "block; 'end' in the answer is the last block sent) with their full transactions, for sync")
    public Response range(@QueryParam("start") Long start, @QueryParam("end") Long end) {
        if (start == null || start < 0) {
            throw ApiException.invalidField("start", "start must be a non-negative height");
        }
        long last = end == null ? start + MAX_RANGE - 1 : end;
        if (last < start) {
            throw ApiException.invalidField("end", "end must not be below start");
        }
        last = Math.min(last, start + MAX_RANGE - 1);
        List<Block> blocks = boundedByTransactions(ledger.blocks(start, last));
        if (!blocks.isEmpty()) {
            last = blocks.get(blocks.size() - 1).height();
        }
        Map<Long, List<ChainTx>> txs = ledger.transactionsIn(start, last).stream()
                .collect(Collectors.groupingBy(ChainTx::blockHeight));
        // the blocks' cached bytes joined into the answer: a peer catching up asks for thousands of blocks
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("{\"start\":" + start + ",\"end\":" + last + ",\"blocks\":[").getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < blocks.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            Block b = blocks.get(i);
            body.writeBytes(cache.of(b, txs.getOrDefault(b.height(), List.of())).plain());
        }
        body.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
        return Response.ok(body.toByteArray(), MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** The first blocks of {@code blocks} that hold at most MAX_RANGE_TXS transactions together (at least one). */
    private static List<Block> boundedByTransactions(List<Block> blocks) {
        long total = 0;
        for (int i = 0; i < blocks.size(); i++) {
            total += blocks.get(i).txCount();
            if (total > MAX_RANGE_TXS && i > 0) {
                return blocks.subList(0, i);
            }
        }
        return blocks;
    }
}
