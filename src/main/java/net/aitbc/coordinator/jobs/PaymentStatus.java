package net.aitbc.coordinator.jobs;

import java.util.Locale;

/** {@code payment_status} of coordinator.md; a free job has none. */
public enum PaymentStatus {
    AWAITING_ESCROW, ESCROWED, RELEASED, REFUNDED, RECLAIMED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
