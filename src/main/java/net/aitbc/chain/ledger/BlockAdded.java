package net.aitbc.chain.ledger;

import java.util.List;
import net.aitbc.chain.protocol.BlockHeader;

/** CDI event: a block was committed to the ledger (observe with TransactionPhase.AFTER_SUCCESS). */
public record BlockAdded(BlockHeader header, List<String> txHashes, int leftMempool, String origin) {
}
