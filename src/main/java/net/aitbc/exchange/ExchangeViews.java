package net.aitbc.exchange;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.protocol.Timestamps;

/** The exchange's JSON shapes (docs in the OpenAPI and /work/notes of issue 14: exchange-api). */
final class ExchangeViews {

    private ExchangeViews() {
    }

    static JsonObjectBuilder order(OrderView o, boolean withOwner) {
        JsonObjectBuilder b = JsonCodec.createObjectBuilder().add("id", o.id()).add("order_id", o.id())
                .add("order_type", o.side().name()).add("amount", o.amount()).add("price", o.price())
                .add("filled", o.filled()).add("remaining", o.remaining()).add("status", o.status().name())
                .add("created_at", Timestamps.format(o.createdAt()))
                .add("updated_at", Timestamps.format(o.updatedAt()));
        if (withOwner) {
            b.add("reserved", o.reserved()).add("wallet_address", o.wallet());
        }
        return b;
    }

    static JsonObjectBuilder trade(Trade t) {
        return JsonCodec.createObjectBuilder().add("id", t.id()).add("trade_id", t.id()).add("price", t.price())
                .add("amount", t.amount()).add("quote", t.quote()).add("side", t.takerSide().name())
                .add("buy_order_id", t.buyOrderId()).add("sell_order_id", t.sellOrderId())
                .add("executed_at", Timestamps.format(t.executedAt()));
    }

    static JsonArrayBuilder trades(List<Trade> trades) {
        JsonArrayBuilder a = JsonCodec.createArrayBuilder();
        trades.forEach(t -> a.add(trade(t)));
        return a;
    }

    static JsonArrayBuilder levels(List<BookLevel> levels, int depth) {
        JsonArrayBuilder a = JsonCodec.createArrayBuilder();
        for (int i = 0; i < levels.size() && i < depth; i++) {
            BookLevel l = levels.get(i);
            a.add(JsonCodec.createObjectBuilder().add("price", l.price()).add("amount", l.amount())
                    .add("orders", l.orders()));
        }
        return a;
    }

    static JsonObject book(BookSnapshot s, int depth) {
        return JsonCodec.createObjectBuilder().add("buys", levels(s.buys(), depth)).add("sells", levels(s.sells(), depth))
                .add("sequence", s.sequence()).add("hash", s.hash())
                .add("depth", depth == Integer.MAX_VALUE ? "all" : String.valueOf(depth))
                .add("buy_levels", s.buys().size()).add("sell_levels", s.sells().size()).build();
    }

    static JsonObjectBuilder funds(String wallet, Funds f) {
        return JsonCodec.createObjectBuilder().add("wallet_address", wallet)
                .add("aitbc", JsonCodec.createObjectBuilder().add("available", f == null ? 0 : f.aitbcAvailable())
                        .add("reserved", f == null ? 0 : f.aitbcReserved()))
                .add("btc", JsonCodec.createObjectBuilder().add("available", f == null ? 0 : f.btcAvailable())
                        .add("reserved", f == null ? 0 : f.btcReserved()));
    }

    static void nullable(JsonObjectBuilder b, String name, Long v) {
        if (v == null) {
            b.addNull(name);
        } else {
            b.add(name, v);
        }
    }
}
