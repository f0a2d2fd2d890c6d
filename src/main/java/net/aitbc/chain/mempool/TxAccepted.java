package net.aitbc.chain.mempool;

import net.aitbc.chain.protocol.SignedTx;

/** CDI event: a transaction entered the mempool (observe with TransactionPhase.AFTER_SUCCESS). */
public record TxAccepted(SignedTx tx, long receivedAt) {
}
