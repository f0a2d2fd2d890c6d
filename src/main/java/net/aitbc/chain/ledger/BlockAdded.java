package net.aitbc.chain.ledger;

import net.aitbc.chain.protocol.BlockHeader;
import java.util.List;

/** CDI event: a block was committed to the ledger (observe with TransactionPhase.AFTER_SUCCESS). */
public record BlockAdded(BlockHeader header, List<String> txHashes, int leftMempool, String origin) {
}
