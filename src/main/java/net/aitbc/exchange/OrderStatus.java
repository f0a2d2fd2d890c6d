package net.aitbc.exchange;

/** An order's life: OPEN and PARTIALLY_FILLED rest in the book; FILLED and CANCELED are final. */
public enum OrderStatus {
    OPEN, PARTIALLY_FILLED, FILLED, CANCELED;

    public boolean isResting() {
        return this == OPEN || this == PARTIALLY_FILLED;
    }
}
