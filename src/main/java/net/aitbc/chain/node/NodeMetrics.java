package net.aitbc.chain.node;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import net.aitbc.chain.ledger.BlockAdded;
import net.aitbc.chain.ledger.Ledger;
import net.aitbc.chain.mempool.Mempool;
import net.aitbc.chain.protocol.RejectReason;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/** The node's Prometheus metrics (operations.md): transactions, blocks, head height, mempool size. */
@ApplicationScoped
public class NodeMetrics {

    @Inject
    MetricRegistry registry;
    @Inject
    Mempool mempool;
    @Inject
    Ledger ledger;

    private volatile long headHeight = -1;

    public void accepted() {
        registry.counter("aitbc_tx_accepted").inc();
    }

    public void rejected(RejectReason reason) {
        registry.counter("aitbc_tx_rejected", new Tag("reason", reason.code())).inc();
    }

    /** Time to select, apply, write and commit one produced block. */
    public void blockCommitted(long micros) {
        registry.histogram("aitbc_block_commit_micros").update(micros);
    }

    void onBlock(@Observes(during = TransactionPhase.AFTER_SUCCESS) BlockAdded event) {
        if (event.header() == null) {
            return;
        }
        registry.counter("aitbc_blocks", new Tag("origin", event.origin())).inc();
        registry.counter("aitbc_block_transactions").inc(event.txHashes().size());
        headHeight = event.header().height();
    }

    /** Registers the gauges at node start, so they exist before the first request. */
    void register() {
        registry.gauge("aitbc_mempool_size", mempool, Mempool::size);
        registry.gauge("aitbc_head_height", this, NodeMetrics::currentHeight);
    }

    private long currentHeight() {
        if (headHeight < 0) {
            headHeight = ledger.head().map(b -> b.height()).orElse(-1L);
        }
        return headHeight;
    }
}
