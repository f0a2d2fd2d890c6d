package net.aitbc.exchange;

/** An order as committed: what answers and lists show. */
public record OrderView(long id, String wallet, Side side, long price, long amount, long filled, long reserved,
                        OrderStatus status, long createdAt, long updatedAt) {

    public long remaining() {
        return amount - filled;
    }
}
