package net.aitbc.exchange;

/**
 * Where BTC payment requests are paid and confirmed (exchange.md): the address a payer sends BTC to, and whether
 * a real Bitcoin backend confirms them. The devnet's watcher is {@link ManualBtcWatcher}: an admin confirms.
 */
public interface BtcPaymentWatcher {

    /** The BTC address the payer of {@code paymentId} sends to. */
    String paymentAddress(String paymentId);

    /** A name for health and the payment's answer ("manual" when an admin confirms). */
    String name();
}
