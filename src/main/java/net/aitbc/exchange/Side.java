package net.aitbc.exchange;

/** BUY pays BTC credit for AITBC; SELL the other way round. */
public enum Side {
    BUY, SELL;

    public Side opposite() {
        return this == BUY ? SELL : BUY;
    }
}
