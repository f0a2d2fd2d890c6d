package net.aitbc.exchange;

/**
 * A withdrawal as stored: PENDING from the debit until the node admits its signed transfer (the signed bytes are
 * stored before they are sent, so a restart resends the same transaction rather than a second one), SENT once
 * admitted, CONFIRMED once in a block, REFUNDED when it could not be sent (the account is credited again).
 */
public record Withdrawal(String id, String wallet, long amount, long fee, String status, String txHash, Long nonce,
                         String signedTx, Long blockHeight, int attempts, String error, long createdAt,
                         long updatedAt) {
}
