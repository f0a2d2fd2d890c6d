package net.aitbc.exchange;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.aitbc.platform.error.ApiException;

/** Placing, cancelling and listing orders; the changes run on the {@link ExchangeEngine}. */
@ApplicationScoped
public class OrderService {

    @Inject
    ExchangeEngine engine;
    @Inject
    ExchangeStore store;

    public Market.Placed place(String wallet, Side side, long amount, long price) {
        return engine.execute((market, extras) -> market.place(wallet, side, amount, price, System.currentTimeMillis()));
    }

    /** Cancels an own open order; 404 for another's or an unknown one, 409 for one that is final. */
    public OrderView cancel(String wallet, long orderId) {
        OrderView canceled = engine.execute((market, extras) -> market.cancel(wallet, orderId,
                System.currentTimeMillis()));
        if (canceled != null) {
            return canceled;
        }
        OrderView o = store.order(orderId).filter(v -> v.wallet().equals(wallet))
                .orElseThrow(() -> ApiException.notFound("no order " + orderId + " of yours"));
        throw new ApiException(409, "order_not_open", "order " + orderId + " is " + o.status() + ": only OPEN and "
                + "PARTIALLY_FILLED orders can be canceled");
    }

    public static Side side(String raw) {
        try {
            return Side.valueOf(raw.strip().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw ApiException.invalidField("order_type", "order_type must be BUY or SELL");
        }
    }

    public static OrderStatus status(String raw) {
        try {
            return OrderStatus.valueOf(raw.strip().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw ApiException.invalidField("status", "status must be one of OPEN, PARTIALLY_FILLED, FILLED, CANCELED");
        }
    }

    /** Orders newest first, of one wallet (or everyone's when null), of one status (or any when null). */
    public List<OrderView> list(String wallet, OrderStatus status, int limit) {
        StringBuilder where = new StringBuilder("WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (wallet != null) {
            where.append(" AND wallet = ?");
            params.add(wallet);
        }
        if (status != null) {
            where.append(" AND status = ?");
            params.add(status.name());
        }
        return store.orders(where + " ORDER BY order_id DESC", params, limit);
    }

    public List<Trade> tradesOf(String wallet, int limit) {
        return store.trades("WHERE buyer = ? OR seller = ? ORDER BY trade_id DESC", List.of(wallet, wallet), limit);
    }
}
