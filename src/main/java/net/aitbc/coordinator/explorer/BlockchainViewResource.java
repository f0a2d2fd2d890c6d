package net.aitbc.coordinator.explorer;

import static net.aitbc.coordinator.explorer.ExplorerReadResource.number;
import static net.aitbc.coordinator.explorer.ExplorerReadResource.read;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.aitbc.chain.gateway.ChainGateway;
import net.aitbc.chain.protocol.JsonCodec;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The original CLI's {@code blockchain} views, {@code /v1/blockchain}: the node's sync state, peers, identity,
 * supply and authorities, read through its RPC (public; a key sent is ignored).
 */
@Path("v1/blockchain")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class BlockchainViewResource {

    /** Bounds of the supply sum: 50 pages of 100 accounts (and of open escrows) at most. */
    static final int SUPPLY_PAGES = 50;
    static final int PAGE = 100;
    /** A sum read while blocks arrive may mix states: it is read again, this many times at most. */
    static final int SUPPLY_ATTEMPTS = 3;
    /** Proposer counts come from the newest blocks only: counting the whole chain is not cheap. */
    static final int PROPOSER_WINDOW = 100;

    @Inject
    ChainGateway chain;

    @GET
    @Path("sync")
    @Operation(summary = "The node's sync state: {node_id, height, head_hash, last_sync_at, peers, peer_count, max_lag}")
    public JsonObject sync() {
        JsonObject s = read(chain, "/rpc/syncStatus");
        List<JsonObject> peers = peers(s);
        long maxLag = peers.stream().mapToLong(p -> number(p, "lag")).max().orElse(0);
        return JsonCodec.createObjectBuilder(s).add("peer_count", peers.size()).add("max_lag", maxLag).build();
    }

    @GET
    @Path("peers")
    @Operation(summary = "The node's peers: {node_id, peers: [{url, height, lag, state, last_sync_at, last_error}], count}")
    public JsonObject peers() {
        JsonObject s = read(chain, "/rpc/syncStatus");
        List<JsonObject> peers = peers(s);
        return JsonCodec.createObjectBuilder().add("node_id", orNull(s.get("node_id")))
                .add("peers", s.get("peers") instanceof JsonArray a ? a : JsonValue.EMPTY_JSON_ARRAY)
                .add("count", peers.size()).build();
    }

    @GET
    @Path("info")
    @Operation(summary = "The chain: {chain_id, node_id, height, head_hash, genesis_hash, authority_count, "
            + "block_time_seconds, min_fee, ...}")
    public JsonObject info() {
        JsonObject s = read(chain, "/rpc/status");
        JsonObjectBuilder b = JsonCodec.createObjectBuilder();
        for (String field : List.of("chain_id", "node_id", "height", "head_hash", "genesis_hash",
                "block_time_seconds", "max_txs_per_block", "min_fee", "faucet", "version")) {
            b.add(field, orNull(s.get(field)));
        }
        return b.add("authority_count", authorities(s).size()).build();
    }

    @GET
    @Path("supply")
    @Operation(summary = "Money in existence, balances + open escrows: {supply, balances, escrowed, accounts, "
            + "open_escrows, height, complete}; complete is false when the bounded sum could not cover the chain")
    public JsonObject supply() {
        JsonObject status = read(chain, "/rpc/status");
        if (status.get("supply") instanceof JsonNumber n) {
            return JsonCodec.createObjectBuilder().add("supply", n.longValue()).add("height", number(status, "height"))
                    .add("complete", true).add("source", "node").build();
        }
        JsonObject sum = null;
        for (int attempt = 0; attempt < SUPPLY_ATTEMPTS; attempt++) {
            String before = read(chain, "/rpc/head").getString("hash", "");
            sum = sumOfState();
            JsonObject after = read(chain, "/rpc/head");
            boolean steady = before.equals(after.getString("hash", ""));
            sum = JsonCodec.createObjectBuilder(sum).add("height", number(after, "height"))
                    .add("head_hash", after.getString("hash", "")).add("consistent", steady)
                    .add("complete", steady && sum.getBoolean("covered")).build();
            if (steady) {
                break;
            }
        }
        JsonObjectBuilder b = JsonCodec.createObjectBuilder(sum).add("source", "addresses+escrows");
        b.remove("covered");
        return b.build();
    }

    @GET
    @Path("validators")
    @Operation(summary = "The genesis authorities: {validators: [{id, address, public_key, active, "
            + "recent_blocks}], count, window}; recent_blocks counts the newest 100 blocks")
    public JsonObject validators() {
        JsonObject status = read(chain, "/rpc/status");
        Map<String, Integer> proposed = new HashMap<>();
        JsonObject newest = read(chain, "/rpc/blocks?limit=" + PROPOSER_WINDOW + "&offset=0");
        List<JsonObject> blocks = newest.getJsonArray("blocks").getValuesAs(JsonObject.class);
        blocks.forEach(b -> proposed.merge(b.getString("proposer", ""), 1, Integer::sum));
        String thisNode = status.getString("proposer", null);
        List<JsonObject> authorities = authorities(status);
        JsonArrayBuilder list = JsonCodec.createArrayBuilder();
        for (JsonObject a : authorities) {
            String address = a.getString("address", "");
            list.add(JsonCodec.createObjectBuilder().add("id", orNull(a.get("id"))).add("address", address)
                    .add("public_key", orNull(a.get("public_key")))
                    .add("active", address.equals(thisNode) || proposed.containsKey(address))
                    .add("recent_blocks", proposed.getOrDefault(address, 0)));
        }
        return JsonCodec.createObjectBuilder().add("validators", list).add("count", authorities.size())
                .add("window", blocks.size()).build();
    }

    /** Balances (every account, by pages) and open escrows; covered = every page was read within the bounds. */
    private JsonObject sumOfState() {
        PagedSum balances = sum("/rpc/addresses?", "addresses", "balance");
        PagedSum escrows = sum("/rpc/escrows?status=OPEN&", "escrows", "amount");
        return JsonCodec.createObjectBuilder().add("supply", balances.sum() + escrows.sum())
                .add("balances", balances.sum()).add("escrowed", escrows.sum()).add("accounts", balances.rows())
                .add("open_escrows", escrows.rows()).add("covered", balances.covered() && escrows.covered()).build();
    }

    private record PagedSum(long sum, long rows, boolean covered) {
    }

    /** Adds up {@code field} over the pages of a node list, at most SUPPLY_PAGES of them. */
    private PagedSum sum(String pathWithQuery, String list, String field) {
        long sum = 0;
        long rows = 0;
        for (int page = 0; page < SUPPLY_PAGES; page++) {
            JsonObject p = read(chain, pathWithQuery + "limit=" + PAGE + "&offset=" + page * PAGE);
            List<JsonObject> items = p.getJsonArray(list).getValuesAs(JsonObject.class);
            for (JsonObject item : items) {
                sum += number(item, field);
            }
            rows += items.size();
            if (items.size() < PAGE || rows >= number(p, "total")) {
                return new PagedSum(sum, rows, rows >= number(p, "total"));
            }
        }
        return new PagedSum(sum, rows, false);
    }

    private static List<JsonObject> peers(JsonObject syncStatus) {
        return syncStatus.get("peers") instanceof JsonArray a ? a.getValuesAs(JsonObject.class) : List.of();
    }

    private static List<JsonObject> authorities(JsonObject status) {
        return status.get("authorities") instanceof JsonArray a ? a.getValuesAs(JsonObject.class) : List.of();
    }

    private static JsonValue orNull(JsonValue v) {
        return v == null ? JsonValue.NULL : v;
    }
}
