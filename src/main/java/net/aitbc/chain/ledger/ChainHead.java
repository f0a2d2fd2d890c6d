package net.aitbc.chain.ledger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.Optional;
import net.aitbc.chain.protocol.BlockHeader;

/**
 * The newest block header, kept in memory: /rpc/head is the most-polled endpoint (sync, explorers, health
 * checks) and must not cost a query. Refreshed after every committed block, read from the ledger when empty.
 */
@ApplicationScoped
public class ChainHead {

    @Inject
    Ledger ledger;

    private volatile BlockHeader head;
    private volatile JsonObject json;

    public Optional<BlockHeader> header(String chainId) {
        BlockHeader h = head;
        if (h == null) {
            h = ledger.head().map(b -> b.header(chainId)).orElse(null);
            if (h != null) {
                set(h);
            }
        }
        return Optional.ofNullable(h);
    }

    /** The header object of /rpc/head, built once per block. */
    public Optional<JsonObject> json(String chainId) {
        return header(chainId).map(h -> json);
    }

    private synchronized void set(BlockHeader h) {
        if (head == null || h.height() >= head.height()) {
            json = h.toJson();
            head = h;
        }
    }

    void onBlock(@Observes(during = TransactionPhase.AFTER_SUCCESS) BlockAdded event) {
        if (event.header() != null) {
            set(event.header());
        }
    }

    /** After a reorganisation the head may go down: forget it and read it again. */
    public synchronized void reset() {
        head = null;
        json = null;
    }
}
