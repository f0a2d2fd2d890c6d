package net.aitbc.exchange;

/**
 * One fill: {@code amount} AITBC units moved from seller to buyer at the resting order's {@code price}, for
 * {@code quote} satoshi ({@link Market#quote}); {@code takerSide} is the side of the order that arrived.
 */
public record Trade(long id, long buyOrderId, long sellOrderId, String buyer, String seller, long price, long amount,
                    long quote, Side takerSide, long executedAt) {
}
