package net.aitbc.coordinator.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.protocol.Timestamps;

/**
 * The money locked in open escrows on chain: the sum of {@code amount} over {@code /rpc/escrows?status=OPEN}, page
 * by page (the RPC has no sum and pages hold 100 at most). Escrows change only with a block, so a sum is kept until
 * the head moves; several dashboards refreshing every few seconds then cost one {@code /rpc/head} each.
 */
@ApplicationScoped
public class OpenEscrows {

    static final int PAGE = 100;
    /** At most 5,000 escrows are summed; beyond that the answer says it is not complete. */
    static final int MAX_PAGES = 50;
    /** Pages read while a block arrives may mix two states: read again, this many times at most. */
    static final int ATTEMPTS = 3;

    @Inject
    ChainOverview chain;

    private JsonObject cached;
    private String cachedHead;

    /**
     * {open_total, open_count, summed, complete, consistent, height, head_hash, computed_at}: complete when every
     * open escrow was summed from one unchanged head.
     */
    public synchronized JsonObject open() {
        JsonObject head = chain.read("/rpc/head");
        String hash = head.getString("hash", "");
        if (cached != null && hash.equals(cachedHead)) {
            return cached;
        }
        JsonObject sum = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Sum s = sum();
            JsonObject after = chain.read("/rpc/head");
            boolean steady = hash.equals(after.getString("hash", ""));
            sum = JsonCodec.createObjectBuilder().add("open_total", s.total()).add("open_count", s.count())
                    .add("summed", s.summed()).add("complete", steady && s.summed() >= s.count())
                    .add("consistent", steady).add("height", number(head.get("height")))
                    .add("head_hash", hash).add("computed_at", Timestamps.format(System.currentTimeMillis())).build();
            if (steady) {
                cached = sum;
                cachedHead = hash;
                break;
            }
            head = after;
            hash = after.getString("hash", "");
        }
        return sum;
    }

    private record Sum(long total, long count, long summed) {
    }

    private Sum sum() {
        long total = 0;
        long summed = 0;
        long count = 0;
        for (int page = 0; page < MAX_PAGES; page++) {
            JsonObject p = chain.read("/rpc/escrows?status=OPEN&limit=" + PAGE + "&offset=" + (long) page * PAGE);
            List<JsonObject> items = p.getJsonArray("escrows").getValuesAs(JsonObject.class);
            for (JsonObject e : items) {
                total = Math.addExact(total, number(e.get("amount")));
            }
            summed += items.size();
            count = number(p.get("total"));
            if (items.size() < PAGE || summed >= count) {
                break;
            }
        }
        return new Sum(total, count, summed);
    }

    private static long number(JsonValue v) {
        return v instanceof JsonNumber n ? n.longValue() : 0;
    }
}
