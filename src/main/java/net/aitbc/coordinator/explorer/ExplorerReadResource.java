package net.aitbc.coordinator.explorer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.aitbc.chain.client.ChainClientException;
import net.aitbc.chain.crypto.Hashes;
import net.aitbc.chain.gateway.ChainGateway;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.coordinator.jobs.Pages;
import net.aitbc.coordinator.receipts.ReceiptStore;
import net.aitbc.platform.error.ApiException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The explorer read API, {@code /v1/explorer}: public pages of blocks, transactions, addresses and receipts in the
 * camelCase shapes the original's pages read. Everything comes from a node's RPC through the gateway, because
 * this server may have the coordinator role without the node role; no key is needed and one sent is ignored.
 */
@Path("v1/explorer")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ExplorerReadResource {

    /** Transactions shown per address in a list: enough for a glance, small enough for 100 addresses a page. */
    static final int RECENT_TRANSACTIONS = 5;
    /** How many of the newest chain receipts a job_id filter reads (the RPC has no job filter). */
    static final int RECEIPT_SCAN_PAGES = 10;
    static final int RPC_PAGE = 100;

    @Inject
    ChainGateway chain;
    @Inject
    ReceiptStore issued;

    @GET
    @Path("blocks")
    @Operation(summary = "Newest blocks first: {items: [{height, hash, timestamp, txCount, proposer}], next_offset}")
    public JsonObject blocks(@QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset) {
        int l = Pages.limit(limit);
        int o = Pages.offset(offset);
        JsonObject page = read(chain, "/rpc/blocks?limit=" + l + "&offset=" + o);
        JsonArrayBuilder items = JsonCodec.createArrayBuilder();
        page.getJsonArray("blocks").getValuesAs(JsonObject.class).forEach(b -> items.add(block(b)));
        return paged(items, page, "blocks", l, o).build();
    }

    @GET
    @Path("blocks/{block}")
    @Operation(summary = "One block by height or 0x hash: the list's fields plus the node's own (transactions, ...)")
    public JsonObject block(@PathParam("block") String heightOrHash) {
        String path = Hashes.isHash(heightOrHash) ? "/rpc/blocks/by-hash/" + heightOrHash.toLowerCase(Locale.ROOT)
                : "/rpc/blocks/" + height(heightOrHash);
        JsonObject b = read(chain, path);
        return JsonCodec.createObjectBuilder(b).addAll(JsonCodec.createObjectBuilder(block(b))).build();
    }

    @GET
    @Path("transactions")
    @Operation(summary = "Newest included transactions first: {items: [{hash, block, from, to, value, status, type, "
            + "fee}], next_offset}")
    public JsonObject transactions(@QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset) {
        int l = Pages.limit(limit);
        int o = Pages.offset(offset);
        JsonObject page = read(chain, "/rpc/transactions?limit=" + l + "&offset=" + o);
        JsonArrayBuilder items = JsonCodec.createArrayBuilder();
        page.getJsonArray("transactions").getValuesAs(JsonObject.class).forEach(t -> items.add(transaction(t)));
        return paged(items, page, "transactions", l, o).build();
    }

    @GET
    @Path("transactions/{hash}")
    @Operation(summary = "One transaction, included or pending: the list's fields plus the node's own")
    public JsonObject transaction(@PathParam("hash") String hash) {
        if (!Hashes.isHash(hash)) {
            throw ApiException.invalidField("hash", "a transaction hash is 0x + 64 hex characters");
        }
        JsonObject t = read(chain, "/rpc/tx/" + hash.toLowerCase(Locale.ROOT));
        return JsonCodec.createObjectBuilder(t).addAll(JsonCodec.createObjectBuilder(transaction(t))).build();
    }

    @GET
    @Path("addresses")
    @Operation(summary = "Accounts by balance: {items: [{address, balance, txCount, lastActive, "
            + "recentTransactions}], next_offset}")
    public JsonObject addresses(@QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset) {
        int l = Pages.limit(limit);
        int o = Pages.offset(offset);
        JsonObject page = read(chain, "/rpc/addresses?limit=" + l + "&offset=" + o);
        JsonArrayBuilder items = JsonCodec.createArrayBuilder();
        // the list view has no counts or transactions: one /rpc/address call per row, at most `limit` of them
        page.getJsonArray("addresses").getValuesAs(JsonObject.class).forEach(a -> items.add(address(a)));
        return paged(items, page, "addresses", l, o).build();
    }

    @GET
    @Path("receipts")
    @Operation(summary = "Receipts recorded on chain, newest first: {jobId, items: [{receiptId, jobId, miner, "
            + "coordinator, issuedAt, status, payload}], next_offset}; job_id filters")
    public JsonObject receipts(@QueryParam("limit") Integer limit, @QueryParam("offset") Integer offset,
                               @QueryParam("job_id") String jobId) {
        int l = Pages.limit(limit);
        int o = Pages.offset(offset);
        String job = jobId == null || jobId.isBlank() ? null : jobId.strip();
        JsonArrayBuilder items = JsonCodec.createArrayBuilder();
        JsonObjectBuilder answer;
        if (job == null) {
            JsonObject page = read(chain, "/rpc/receipts?limit=" + l + "&offset=" + o);
            page.getJsonArray("receipts").getValuesAs(JsonObject.class).forEach(r -> items.add(receipt(r)));
            answer = paged(items, page, "receipts", l, o).addNull("jobId");
        } else {
            List<JsonObject> found = receiptsOfJob(job);
            answer = JsonCodec.createObjectBuilder();
            found.stream().skip(o).limit(l).forEach(r -> items.add(receipt(r)));
            answer.add("items", items).add("total", found.size()).add("limit", l).add("offset", o);
            if (o + l < found.size()) {
                answer.add("next_offset", o + l);
            } else {
                answer.addNull("next_offset");
            }
            answer.add("jobId", job);
        }
        return answer.build();
    }

    /**
     * The chain's receipts of one job: the newest chain receipts scanned (bounded), plus the ones this
     * coordinator issued for the job looked up by id, so an old receipt is still found.
     */
    private List<JsonObject> receiptsOfJob(String job) {
        Map<String, JsonObject> found = new LinkedHashMap<>();
        for (int page = 0; page < RECEIPT_SCAN_PAGES; page++) {
            JsonObject p = read(chain, "/rpc/receipts?limit=" + RPC_PAGE + "&offset=" + page * RPC_PAGE);
            List<JsonObject> receipts = p.getJsonArray("receipts").getValuesAs(JsonObject.class);
            receipts.stream().filter(r -> job.equals(text(r, "job_id"))).forEach(r -> found.put(text(r, "receipt_id"), r));
            if (receipts.size() < RPC_PAGE) {
                break;
            }
        }
        for (JsonObject mine : issued.ofJob(job)) {
            String id = text(mine, "receipt_id");
            if (id != null && !found.containsKey(id)) {
                try {
                    found.put(id, read(chain, "/rpc/receipts/" + segment(id)));
                } catch (ApiException e) {
                    if (e.status() != 404) { // 404: issued but not recorded on chain yet, so not the explorer's
                        throw e;
                    }
                }
            }
        }
        List<JsonObject> all = new ArrayList<>(found.values());
        all.sort((x, y) -> Long.compare(number(y, "block_height"), number(x, "block_height")));
        return all;
    }

    private static JsonObject block(JsonObject b) {
        JsonValue txs = b.get("transactions");
        long txCount = b.containsKey("tx_count") ? number(b, "tx_count")
                : txs instanceof JsonArray a ? a.size() : 0;
        return JsonCodec.createObjectBuilder().add("height", number(b, "height")).add("hash", b.getString("hash"))
                .add("timestamp", orNull(b.get("timestamp"))).add("txCount", txCount)
                .add("proposer", orNull(b.get("proposer"))).build();
    }

    private static JsonObject transaction(JsonObject t) {
        JsonObject payload = t.get("payload") instanceof JsonObject p ? p : JsonValue.EMPTY_JSON_OBJECT;
        JsonValue to = payload.get("recipient") instanceof JsonString s ? s : orNull(t.get("recipient"));
        JsonValue value = payload.get("amount") instanceof JsonNumber n ? n : orNull(t.get("amount"));
        return JsonCodec.createObjectBuilder().add("hash", t.getString("tx_hash"))
                .add("block", orNull(t.get("block_height"))).add("from", orNull(t.get("sender")))
                .add("to", to).add("value", value).add("status", t.getString("status", "included"))
                .add("type", orNull(t.get("type"))).add("fee", orNull(t.get("fee")))
                .add("nonce", orNull(t.get("nonce"))).add("timestamp", orNull(t.get("created_at"))).build();
    }

    private JsonObject address(JsonObject a) {
        String address = a.getString("address");
        JsonObject detail = read(chain, "/rpc/address/" + address + "?limit=" + RECENT_TRANSACTIONS);
        JsonArrayBuilder recent = JsonCodec.createArrayBuilder();
        detail.getJsonArray("transactions").getValuesAs(JsonObject.class).forEach(t -> recent.add(transaction(t)));
        return JsonCodec.createObjectBuilder().add("address", address).add("balance", number(a, "balance"))
                .add("nonce", orNull(a.get("nonce"))).add("txCount", number(detail, "tx_count"))
                .add("lastActive", orNull(a.get("updated_at"))).add("recentTransactions", recent).build();
    }

    private static JsonObject receipt(JsonObject r) {
        JsonObject receipt = r.get("payload") instanceof JsonObject p ? p : JsonValue.EMPTY_JSON_OBJECT;
        JsonObject signature = receipt.get("signature") instanceof JsonObject s ? s : JsonValue.EMPTY_JSON_OBJECT;
        JsonValue coordinator = signature.get("key_id") instanceof JsonString s ? s : orNull(r.get("signer"));
        JsonValue issuedAt = receipt.get("completed_at") instanceof JsonString s ? s : orNull(r.get("recorded_at"));
        return JsonCodec.createObjectBuilder().add("receiptId", r.getString("receipt_id"))
                .add("jobId", orNull(r.get("job_id"))).add("miner", orNull(receipt.get("provider")))
                .add("coordinator", coordinator).add("issuedAt", issuedAt)
                .add("status", orNull(receipt.get("status"))).add("payload", receipt)
                .add("block", orNull(r.get("block_height"))).add("txHash", orNull(r.get("tx_hash"))).build();
    }

    /** {items, total, limit, offset, next_offset}: next_offset is null on the last page, so a client knows where to stop. */
    private static JsonObjectBuilder paged(JsonArrayBuilder items, JsonObject page, String list, int limit, int offset) {
        int count = page.getJsonArray(list).size();
        long total = number(page, "total");
        JsonObjectBuilder b = JsonCodec.createObjectBuilder().add("items", items).add("total", total)
                .add("limit", limit).add("offset", offset);
        if (count > 0 && offset + count < total) {
            b.add("next_offset", offset + count);
        } else {
            b.addNull("next_offset");
        }
        return b;
    }

    private static long height(String raw) {
        try {
            long h = Long.parseLong(raw.strip());
            if (h >= 0) {
                return h;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the error
        }
        throw ApiException.invalidField("block", "a block is a non-negative height or a 0x + 64 hex hash");
    }

    @GET
    @Path("receipts/outcomes")
    @Operation(summary = "The node's /rpc/receipts/outcomes passed through (for pages served where /rpc is not): "
            + "one signer's recorded receipts per provider {signer, providers: [{provider, completed, failed, "
            + "expired, total, by_status}]}")
    public JsonObject receiptOutcomes(@QueryParam("signer") String signer, @QueryParam("provider") String provider) {
        if (signer == null || !signer.matches("[0-9a-z]{1,64}")) {
            throw ApiException.invalidField("signer", "signer (the receipt signer's address) is required");
        }
        String query = "/rpc/receipts/outcomes?signer=" + signer;
        if (provider != null && !provider.isBlank()) {
            query += "&provider=" + java.net.URLEncoder.encode(provider.strip(), java.nio.charset.StandardCharsets.UTF_8);
        }
        return read(chain, query);
    }

    /**
     * One GET on the node: its refusals keep their status, code and detail (a 404 stays a 404); an unreachable
     * node, or none configured, is a 503. Shared with the blockchain views.
     */
    static JsonObject read(ChainGateway chain, String path) {
        try {
            return chain.client().get(path);
        } catch (ChainClientException e) {
            String detail = e.body().getString("detail", e.getMessage());
            if (e.status() >= 500) {
                throw new ApiException(503, "chain_unavailable", "the chain node failed: " + detail);
            }
            String code = e.error().isEmpty() ? "chain_error" : e.error();
            throw new ApiException(e.status(), code, detail, e.body().getString("field", null));
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new ApiException(503, "chain_unavailable", "the chain is unreachable: " + e.getMessage());
        }
    }

    static long number(JsonObject o, String field) {
        return o.get(field) instanceof JsonNumber n ? n.longValue() : 0;
    }

    private static String text(JsonObject o, String field) {
        return o.get(field) instanceof JsonString s ? s.getString() : null;
    }

    private static JsonValue orNull(JsonValue v) {
        return v == null ? JsonValue.NULL : v;
    }

    private static String segment(String raw) {
        return URLEncoder.encode(raw, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
