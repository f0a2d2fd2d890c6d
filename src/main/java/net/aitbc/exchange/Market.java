package net.aitbc.exchange;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import net.aitbc.platform.error.ApiException;

/**
 * The exchange's rules, pure and single-threaded: accounts, the order book with price-time priority, and every
 * movement of funds. A BUY matches the lowest SELLs at or below its price (oldest first at a price) and a SELL the
 * highest BUYs at or above its price, each fill at the resting order's price; what is left of an order rests.
 * Placing an order reserves what it can spend (a SELL its amount, a BUY the quote of its amount at its limit); a fill
 * takes its quote from that reservation, which never runs short because rounding down is subadditive; a final order
 * releases what is left. Every refusal happens before anything changes. What changed since the last
 * {@link #takeChanges} is collected for the store.
 */
public final class Market {

    /** AITBC smallest units in one whole AITBC: a price is satoshi per 10^8 units. */
    public static final long UNITS_PER_AITBC = 100_000_000L;
    private static final BigInteger UNITS = BigInteger.valueOf(UNITS_PER_AITBC);

    private final Map<String, Funds> accounts = new HashMap<>();
    private final NavigableMap<Long, ArrayDeque<Order>> bids = new TreeMap<>(Collections.reverseOrder());
    private final NavigableMap<Long, ArrayDeque<Order>> asks = new TreeMap<>();
    private final Map<Long, Order> resting = new HashMap<>();
    private long nextOrderId;
    private long nextTradeId;
    private Changes changes = new Changes();

    /** What changed: the orders and accounts to write, the trades to insert, the book levels that moved. */
    public static final class Changes {
        final Map<Long, Order> orders = new LinkedHashMap<>();
        final Map<String, Funds> accounts = new LinkedHashMap<>();
        final List<Trade> trades = new ArrayList<>();
        final Map<String, Boolean> levels = new LinkedHashMap<>(); // "B:price" / "S:price"

        public boolean isEmpty() {
            return orders.isEmpty() && accounts.isEmpty() && trades.isEmpty();
        }

        public List<Trade> trades() {
            return trades;
        }
    }

    public Market(long nextOrderId, long nextTradeId) {
        this.nextOrderId = nextOrderId;
        this.nextTradeId = nextTradeId;
    }

    /** The quote of a fill: floor(amount × price / 10^8) satoshi (rounded down, in the buyer's favour). */
    public static long quote(long amount, long price) {
        return BigInteger.valueOf(amount).multiply(BigInteger.valueOf(price)).divide(UNITS).longValueExact();
    }

    // ---- loading (from the database at start) ----

    void load(Funds funds) {
        accounts.put(funds.wallet, funds);
    }

    void load(Order order) {
        if (order.status.isResting()) {
            rest(order);
        }
    }

    // ---- commands ----

    /** Places a limit order: reserves, matches, rests what is left; the order and its fills. */
    public Placed place(String wallet, Side side, long amount, long price, long now) {
        if (amount <= 0) {
            throw ApiException.invalidField("amount", "amount must be a positive integer of AITBC smallest units");
        }
        if (price <= 0) {
            throw ApiException.invalidField("price", "price must be a positive integer of satoshi per AITBC");
        }
        long reserve;
        try {
            reserve = side == Side.BUY ? quote(amount, price) : amount;
        } catch (ArithmeticException e) {
            throw ApiException.invalidField("amount", "amount × price is too large");
        }
        Funds funds = account(wallet, now);
        if (side == Side.BUY ? funds.btcAvailable < reserve : funds.aitbcAvailable < reserve) {
            throw new ApiException(409, "insufficient_funds", side == Side.BUY
                    ? "a BUY of " + amount + " units at " + price + " sat needs " + reserve + " sat of BTC credit; "
                    + "available: " + funds.btcAvailable
                    : "a SELL of " + amount + " units needs them available; available: " + funds.aitbcAvailable,
                    "amount");
        }
        if (side == Side.BUY) {
            funds.btcAvailable -= reserve;
            funds.btcReserved += reserve;
        } else {
            funds.aitbcAvailable -= reserve;
            funds.aitbcReserved += reserve;
        }
        touch(funds);
        Order taker = new Order(nextOrderId++, wallet, side, price, amount, 0, reserve, OrderStatus.OPEN, now, now,
                false);
        List<Trade> fills = match(taker, now);
        if (taker.remaining() == 0) {
            finish(taker, OrderStatus.FILLED, now);
        } else {
            rest(taker);
            level(taker.side, taker.price);
        }
        touch(taker);
        return new Placed(taker.view(), fills);
    }

    /** An order as placed, with the trades it made. */
    public record Placed(OrderView order, List<Trade> trades) {
    }

    /** Cancels an open order of {@code wallet}; 404 for another's or an unknown one, 409 when it is final. */
    public OrderView cancel(String wallet, long orderId, long now) {
        Order o = resting.get(orderId);
        if (o == null || !o.wallet.equals(wallet)) {
            return null; // the caller tells "not yours or unknown" (404) from "final" (409) by reading the store
        }
        unrest(o);
        level(o.side, o.price);
        finish(o, OrderStatus.CANCELED, now);
        touch(o);
        return o.view();
    }

    /** Adds to an account (a deposit, a bought or deposited BTC payment, a refund). */
    public void credit(String wallet, long aitbc, long btc, long now) {
        Funds f = account(wallet, now);
        f.aitbcAvailable = Math.addExact(f.aitbcAvailable, aitbc);
        f.btcAvailable = Math.addExact(f.btcAvailable, btc);
        touch(f);
    }

    /** Takes available AITBC from an account (a withdrawal); 409 when it is not there. */
    public void debitAitbc(String wallet, long amount, long now) {
        Funds f = account(wallet, now);
        if (f.aitbcAvailable < amount) {
            throw new ApiException(409, "insufficient_funds", "the withdrawal needs " + amount
                    + " units (amount and fee) available; available: " + f.aitbcAvailable, "amount");
        }
        f.aitbcAvailable -= amount;
        touch(f);
    }

    // ---- reads (engine thread) ----

    public Funds funds(String wallet) {
        return accounts.get(wallet);
    }

    public boolean isResting(long orderId) {
        return resting.containsKey(orderId);
    }

    /** Sums of all accounts: {available, reserved} of AITBC and of BTC. */
    public long[] totals() {
        long[] t = new long[4];
        for (Funds f : accounts.values()) {
            t[0] += f.aitbcAvailable;
            t[1] += f.aitbcReserved;
            t[2] += f.btcAvailable;
            t[3] += f.btcReserved;
        }
        return t;
    }

    /** Every level of one side, best first: {price, amount remaining, order count}. */
    public List<BookLevel> levels(Side side) {
        List<BookLevel> out = new ArrayList<>();
        (side == Side.BUY ? bids : asks).forEach((price, queue) -> out.add(level(price, queue)));
        return out;
    }

    /** The level at {@code price} now (amount 0 when gone). */
    public BookLevel levelAt(Side side, long price) {
        ArrayDeque<Order> q = (side == Side.BUY ? bids : asks).get(price);
        return q == null ? new BookLevel(price, 0, 0) : level(price, q);
    }

    public Changes takeChanges() {
        Changes c = changes;
        changes = new Changes();
        return c;
    }

    // ---- the matching ----

    private List<Trade> match(Order taker, long now) {
        List<Trade> fills = new ArrayList<>();
        NavigableMap<Long, ArrayDeque<Order>> opposite = taker.side == Side.BUY ? asks : bids;
        Iterator<Map.Entry<Long, ArrayDeque<Order>>> levels = opposite.entrySet().iterator();
        while (taker.remaining() > 0 && levels.hasNext()) {
            Map.Entry<Long, ArrayDeque<Order>> level = levels.next();
            long price = level.getKey();
            if (taker.side == Side.BUY ? price > taker.price : price < taker.price) {
                break;
            }
            ArrayDeque<Order> queue = level.getValue();
            while (taker.remaining() > 0 && !queue.isEmpty()) {
                Order maker = queue.peekFirst();
                long amount = Math.min(taker.remaining(), maker.remaining());
                fills.add(fill(taker.side == Side.BUY ? taker : maker, taker.side == Side.BUY ? maker : taker,
                        amount, price, taker.side, now));
                if (maker.remaining() == 0) {
                    queue.pollFirst();
                    resting.remove(maker.id);
                    finish(maker, OrderStatus.FILLED, now);
                } else {
                    maker.status = OrderStatus.PARTIALLY_FILLED;
                }
                touch(maker);
            }
            changes.levels.put((taker.side == Side.BUY ? "S:" : "B:") + price, true);
            if (queue.isEmpty()) {
                levels.remove();
            }
        }
        if (taker.filled > 0) {
            taker.status = OrderStatus.PARTIALLY_FILLED;
        }
        return fills;
    }

    private Trade fill(Order buy, Order sell, long amount, long price, Side takerSide, long now) {
        long quote = quote(amount, price);
        Funds buyer = accounts.get(buy.wallet);
        Funds seller = accounts.get(sell.wallet);
        buy.filled += amount;
        buy.reservedLeft -= quote;
        buyer.btcReserved -= quote;
        buyer.aitbcAvailable += amount;
        sell.filled += amount;
        sell.reservedLeft -= amount;
        seller.aitbcReserved -= amount;
        seller.btcAvailable += quote;
        buy.updatedAt = now;
        sell.updatedAt = now;
        touch(buyer);
        touch(seller);
        Trade t = new Trade(nextTradeId++, buy.id, sell.id, buy.wallet, sell.wallet, price, amount, quote, takerSide,
                now);
        changes.trades.add(t);
        return t;
    }

    /** A final order gives back what it still holds. */
    private void finish(Order o, OrderStatus status, long now) {
        Funds f = accounts.get(o.wallet);
        if (o.side == Side.BUY) {
            f.btcReserved -= o.reservedLeft;
            f.btcAvailable += o.reservedLeft;
        } else {
            f.aitbcReserved -= o.reservedLeft;
            f.aitbcAvailable += o.reservedLeft;
        }
        o.reservedLeft = 0;
        o.status = status;
        o.updatedAt = now;
        touch(f);
    }

    private void rest(Order o) {
        (o.side == Side.BUY ? bids : asks).computeIfAbsent(o.price, p -> new ArrayDeque<>()).addLast(o);
        resting.put(o.id, o);
    }

    private void unrest(Order o) {
        NavigableMap<Long, ArrayDeque<Order>> side = o.side == Side.BUY ? bids : asks;
        ArrayDeque<Order> q = side.get(o.price);
        q.remove(o);
        if (q.isEmpty()) {
            side.remove(o.price);
        }
        resting.remove(o.id);
    }

    private Funds account(String wallet, long now) {
        return accounts.computeIfAbsent(wallet, w -> new Funds(w, 0, 0, 0, 0, now, false));
    }

    private void touch(Funds f) {
        changes.accounts.put(f.wallet, f);
    }

    private void touch(Order o) {
        changes.orders.put(o.id, o);
    }

    private void level(Side side, long price) {
        changes.levels.put((side == Side.BUY ? "B:" : "S:") + price, true);
    }

    private static BookLevel level(long price, ArrayDeque<Order> queue) {
        long amount = 0;
        for (Order o : queue) {
            amount += o.remaining();
        }
        return new BookLevel(price, amount, queue.size());
    }
}
