package net.aitbc.exchange;

/** A BTC payment request: BUY (aitbc_amount from the treasury at the configured rate) or DEPOSIT (BTC credit). */
public record BtcPayment(String id, String wallet, String purpose, long aitbcAmount, long btcAmount,
                         String paymentAddress, String status, long createdAt, long expiresAt, Long confirmedAt) {
}
