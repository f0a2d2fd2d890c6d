package net.aitbc.exchange;

/**
 * A limit order: {@code amount} AITBC units at {@code price} satoshi per whole AITBC. {@code reservedLeft} is what it
 * still holds of its owner's funds (satoshi for a BUY, AITBC units for a SELL). Mutable, owned by the {@link Market}.
 */
public final class Order {

    final long id;
    final String wallet;
    final Side side;
    final long price;
    final long amount;
    long filled;
    long reservedLeft;
    OrderStatus status;
    final long createdAt;
    long updatedAt;
    boolean stored;

    Order(long id, String wallet, Side side, long price, long amount, long filled, long reservedLeft,
          OrderStatus status, long createdAt, long updatedAt, boolean stored) {
        this.id = id;
        this.wallet = wallet;
        this.side = side;
        this.price = price;
        this.amount = amount;
        this.filled = filled;
        this.reservedLeft = reservedLeft;
        this.status = status;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        this.stored = stored;
    }

    public long remaining() {
        return amount - filled;
    }

    /** An immutable copy for answers and events. */
    public OrderView view() {
        return new OrderView(id, wallet, side, price, amount, filled, reservedLeft, status, createdAt, updatedAt);
    }
}
