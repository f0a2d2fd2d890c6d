package net.aitbc.exchange;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.protocol.Timestamps;
import net.aitbc.platform.error.ApiException;
import net.aitbc.platform.rest.RequestFields;
import net.aitbc.platform.rest.SerialisedJson;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The exchange's market API (exchange.md, "Orders and trades"). Amounts are integers of AITBC's smallest unit
 * (10^8 per AITBC); a price is satoshi per whole AITBC; the quote of a fill is floor(amount × price / 10^8) satoshi.
 */
@Path("exchange/api")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ExchangeResource {

    private static final int DEFAULT_DEPTH = 20;
    private static final int MAX_DEPTH = 200;
    /** one's own orders and fills are listed up to this many at once */
    private static final int MAX_OWN = 10_000;

    @Inject
    OrderService orders;
    @Inject
    ExchangeEngine engine;
    @Inject
    ExchangeStore store;
    @Inject
    MarketData data;
    @Inject
    Traders traders;
    @Inject
    ExchangeHealthResource health;

    private record CachedBook(long sequence, SerialisedJson json) {
    }

    private volatile CachedBook defaultBook = new CachedBook(-1, null);

    @GET
    @Path("health")
    @Operation(summary = "The exchange's health {status, database, chain}, as /exchange/health")
    public JsonObject health() {
        return health.health();
    }

    @POST
    @Path("orders")
    @Operation(summary = "Place a limit order {order_type: BUY|SELL, amount (AITBC smallest units, 10^8 per AITBC), "
            + "price (satoshi per whole AITBC)} → 201 the order {id, filled, remaining, status, trades}; it is "
            + "answered once the order, its trades and both sides' balances are committed; 409 insufficient_funds")
    public Response place(@Context HttpServletRequest request, String body) {
        String wallet = traders.wallet(request);
        JsonObject b = RequestFields.objectOrEmpty(body);
        String type = RequestFields.text(b, "order_type", 10);
        if (type == null) {
            type = RequestFields.text(b, "side", 10);
        }
        if (type == null) {
            throw ApiException.invalidField("order_type", "order_type (BUY or SELL) is required");
        }
        Side side = OrderService.side(type);
        Long amount = RequestFields.integer(b, "amount", 1, Long.MAX_VALUE);
        Long price = RequestFields.integer(b, "price", 1, Long.MAX_VALUE);
        if (amount == null) {
            throw ApiException.invalidField("amount", "amount (a positive integer of AITBC smallest units) is required");
        }
        if (price == null) {
            throw ApiException.invalidField("price", "price (a positive integer of satoshi per AITBC) is required");
        }
        Market.Placed placed = orders.place(wallet, side, amount, price);
        JsonObject view = ExchangeViews.order(placed.order(), true)
                .add("trades", ExchangeViews.trades(placed.trades())).build();
        return Response.status(201).entity(view).build();
    }

    @DELETE
    @Path("orders/{id}")
    @Operation(summary = "Cancel an own open order; releases what it reserved; 404 for another's, 409 when final")
    public JsonObject cancel(@Context HttpServletRequest request, @PathParam("id") String id) {
        String wallet = traders.wallet(request);
        return ExchangeViews.order(orders.cancel(wallet, orderId(id)), true).build();
    }

    @GET
    @Path("orders/{id}")
    @Operation(summary = "An own order; 404 for another's")
    public JsonObject order(@Context HttpServletRequest request, @PathParam("id") String id) {
        String wallet = traders.wallet(request);
        OrderView o = store.order(orderId(id)).filter(v -> v.wallet().equals(wallet))
                .orElseThrow(() -> ApiException.notFound("no order " + id + " of yours"));
        return ExchangeViews.order(o, true).build();
    }

    @GET
    @Path("orders")
    @Operation(summary = "Orders newest first {orders}; with a token and user_only=true only one's own "
            + "(status or its alias status_filter: OPEN, PARTIALLY_FILLED, FILLED, CANCELED)")
    public JsonObject list(@Context HttpServletRequest request, @QueryParam("status") String status,
                           @QueryParam("status_filter") String statusFilter, @QueryParam("user_only") Boolean userOnly,
                           @QueryParam("limit") Integer limit) {
        var wallet = traders.optionalWallet(request);
        boolean own = wallet.isPresent() && Boolean.TRUE.equals(userOnly);
        if (Boolean.TRUE.equals(userOnly) && wallet.isEmpty()) {
            throw new ApiException(401, "unauthorized", "user_only=true needs a session token (Authorization: Bearer)");
        }
        return orderList(orders.list(own ? wallet.get() : null, status(status, statusFilter), limit(limit, 100, 500)),
                own);
    }

    @GET
    @Path("my/orders")
    @Operation(summary = "One's own orders newest first {orders}")
    public JsonObject mine(@Context HttpServletRequest request, @QueryParam("status") String status,
                           @QueryParam("status_filter") String statusFilter, @QueryParam("limit") Integer limit) {
        String wallet = traders.wallet(request);
        return orderList(orders.list(wallet, status(status, statusFilter), limit(limit, 100, MAX_OWN)), true);
    }

    @GET
    @Path("my/trades")
    @Operation(summary = "One's own fills newest first {trades: [{..., order_id, role}]}: one row per own order a "
            + "trade filled (a trade between two of one's own orders gives two)")
    public JsonObject myTrades(@Context HttpServletRequest request, @QueryParam("limit") Integer limit) {
        String wallet = traders.wallet(request);
        JsonArrayBuilder a = JsonCodec.createArrayBuilder();
        for (Trade t : orders.tradesOf(wallet, limit(limit, 100, MAX_OWN))) {
            // one row per own order the trade filled: a trade between two of one's own orders is two fills
            if (t.buyer().equals(wallet)) {
                a.add(ExchangeViews.trade(t).add("order_id", t.buyOrderId()).add("role", "BUY"));
            }
            if (t.seller().equals(wallet)) {
                a.add(ExchangeViews.trade(t).add("order_id", t.sellOrderId()).add("role", "SELL"));
            }
        }
        return JsonCodec.createObjectBuilder().add("trades", a).build();
    }

    @GET
    @Path("orders/orderbook")
    @Operation(summary = "The book by price level, best first {buys, sells: [{price, amount, orders}], sequence, "
            + "hash}; depth levels per side (default 20, at most 200, or all). hash = SHA-256 hex of the UTF-8 "
            + "text 'B:price:amount\\n' per buy level best first then 'S:price:amount\\n' per sell level, over all levels")
    public Response book(@QueryParam("depth") String depth, @HeaderParam("Accept-Encoding") String encoding) {
        BookSnapshot s = engine.snapshot();
        if (depth == null || depth.isBlank()) {
            CachedBook cached = defaultBook;
            if (cached.sequence() != s.sequence()) {
                cached = new CachedBook(s.sequence(), SerialisedJson.of(ExchangeViews.book(s, DEFAULT_DEPTH)));
                defaultBook = cached;
            }
            return cached.json().response(encoding);
        }
        int d;
        if ("all".equalsIgnoreCase(depth.strip())) {
            d = Integer.MAX_VALUE;
        } else {
            try {
                d = Integer.parseInt(depth.strip());
            } catch (NumberFormatException e) {
                throw ApiException.invalidField("depth", "depth is a number of levels from 1 to " + MAX_DEPTH + " or all");
            }
            if (d < 1 || d > MAX_DEPTH) {
                throw ApiException.invalidField("depth", "depth is a number of levels from 1 to " + MAX_DEPTH + " or all");
            }
        }
        return SerialisedJson.of(ExchangeViews.book(s, d)).response(encoding);
    }

    @GET
    @Path("trades/recent")
    @Operation(summary = "Recent trades, newest first (a bare array); side is the taker's; quote in satoshi")
    public Response recent(@QueryParam("limit") Integer limit) {
        return Response.ok(ExchangeViews.trades(data.recent(limit(limit, 50, MarketData.KEPT))).build()).build();
    }

    @GET
    @Path("trades/{id}")
    public JsonObject trade(@PathParam("id") String id) {
        return store.trades("WHERE trade_id = ?", List.of(orderId(id)), 1).stream().findFirst()
                .map(t -> ExchangeViews.trade(t).build())
                .orElseThrow(() -> ApiException.notFound("no trade " + id));
    }

    @GET
    @Path("price-history")
    @Operation(summary = "The prices of the last trades, oldest first [{time, price}] (the page's price chart)")
    public Response priceHistory(@QueryParam("limit") Integer limit) {
        List<Trade> newest = data.recent(limit(limit, 200, MarketData.KEPT));
        JsonArrayBuilder a = JsonCodec.createArrayBuilder();
        for (int i = newest.size() - 1; i >= 0; i--) {
            a.add(JsonCodec.createObjectBuilder().add("time", Timestamps.format(newest.get(i).executedAt()))
                    .add("price", newest.get(i).price()).add("amount", newest.get(i).amount()));
        }
        return Response.ok(a.build()).build();
    }

    @GET
    @Path("market-stats")
    @Operation(summary = "{last_price, high_24h, low_24h, volume_24h (AITBC units), quote_volume_24h (satoshi), "
            + "trades_24h, best_bid, best_ask, spread}; prices null when there is none")
    public JsonObject stats() {
        return marketStats();
    }

    JsonObject marketStats() {
        MarketData.Stats st = data.stats();
        BookSnapshot s = engine.snapshot();
        JsonObjectBuilder b = JsonCodec.createObjectBuilder();
        ExchangeViews.nullable(b, "last_price", st.lastPrice());
        ExchangeViews.nullable(b, "high_24h", st.high());
        ExchangeViews.nullable(b, "low_24h", st.low());
        b.add("volume_24h", st.volume()).add("quote_volume_24h", st.quoteVolume()).add("trades_24h", st.trades());
        Long bid = s.bestBid() == null ? null : s.bestBid().price();
        Long ask = s.bestAsk() == null ? null : s.bestAsk().price();
        ExchangeViews.nullable(b, "best_bid", bid);
        ExchangeViews.nullable(b, "best_ask", ask);
        ExchangeViews.nullable(b, "spread", bid == null || ask == null ? null : ask - bid);
        return b.add("price_unit", "satoshi per AITBC").add("amount_unit", "AITBC smallest unit (10^8 per AITBC)")
                .build();
    }

    private static JsonObject orderList(List<OrderView> list, boolean own) {
        JsonArrayBuilder a = JsonCodec.createArrayBuilder();
        list.forEach(o -> a.add(ExchangeViews.order(o, own)));
        return JsonCodec.createObjectBuilder().add("orders", a).build();
    }

    private static OrderStatus status(String status, String alias) {
        String s = status != null && !status.isBlank() ? status : alias;
        return s == null || s.isBlank() ? null : OrderService.status(s);
    }

    static int limit(Integer limit, int fallback, int max) {
        if (limit == null) {
            return fallback;
        }
        if (limit < 1 || limit > max) {
            throw ApiException.invalidField("limit", "limit must be from 1 to " + max);
        }
        return limit;
    }

    static long orderId(String raw) {
        try {
            return Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            throw ApiException.notFound("no order " + raw);
        }
    }
}
