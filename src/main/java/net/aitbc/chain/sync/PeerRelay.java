package net.aitbc.chain.sync;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.logging.Logger;
import net.aitbc.chain.client.ChainClientException;
import net.aitbc.chain.config.ChainConfig;
import net.aitbc.chain.ledger.BlockAdded;
import net.aitbc.chain.ledger.Ledger;
import net.aitbc.chain.mempool.Mempool;
import net.aitbc.chain.mempool.PendingTx;
import net.aitbc.chain.mempool.TxAccepted;
import net.aitbc.chain.node.ChainViews;

/**
 * Propagation between sync rounds. Every transaction this node accepts is pushed to its peers at once (in the
 * background, after the commit), so it reaches an authority within a block time or two; peers that already
 * have it answer 409 and the flood stops there. Every block this node produces is pushed to its peers'
 * /rpc/importBlock, so followers show it at once instead of at their next poll. Each sync round also re-offers
 * transactions that have waited for more than two block times, in case a push was lost; polling stays the
 * safety net for blocks.
 */
@ApplicationScoped
public class PeerRelay {

    private static final Logger LOG = Logger.getLogger(PeerRelay.class.getName());

    @Resource
    ManagedExecutorService executor;
    @Inject
    SyncService sync;
    @Inject
    Mempool mempool;
    @Inject
    ChainConfig config;
    @Inject
    Ledger ledger;
    @Inject
    ChainViews views;

    void onAccepted(@Observes(during = TransactionPhase.AFTER_SUCCESS) TxAccepted event) {
        if (!sync.hasPeers()) {
            return;
        }
        JsonObject wire = event.tx().toWire();
        for (PeerState peer : sync.peers()) {
            if (peer.mayPush()) {
                executor.submit(() -> push(peer, wire));
            }
        }
    }

    void onBlock(@Observes(during = TransactionPhase.AFTER_SUCCESS) BlockAdded event) {
        if (!sync.hasPeers() || event.header() == null || !"produced".equals(event.origin())) {
            return;
        }
        long height = event.header().height();
        for (PeerState peer : sync.peers()) {
            if (peer.mayPush()) {
                executor.submit(() -> pushBlock(peer, height));
            }
        }
    }

    private void pushBlock(PeerState peer, long height) {
        try {
            ledger.block(height).ifPresent(b -> postRetryingOnce(peer, "/rpc/importBlock", views.fullBlock(b)));
            peer.pushAnswered();
        } catch (ChainClientException e) {
            peer.pushAnswered();
            LOG.fine("Peer " + peer.url() + " did not take block " + height + ": " + e.body().getString("reason", ""));
        } catch (RuntimeException e) {
            peer.pushFailed();
            LOG.fine("Peer " + peer.url() + " unreachable for block " + height + ": " + e.getMessage());
        }
    }

    void regossip() {
        long cutoff = System.currentTimeMillis() - 2 * config.blockTimeMillis();
        for (PendingTx tx : mempool.byPriority(0, 100)) {
            if (tx.receivedAt() < cutoff) {
                JsonObject wire = tx.signed(config.chainId()).toWire();
                for (PeerState peer : sync.peers()) {
                    if (peer.mayPush()) {
                        push(peer, wire);
                    }
                }
            }
        }
    }

    private static void push(PeerState peer, JsonObject wire) {
        try {
            postRetryingOnce(peer, "/rpc/sendTx", wire);
            peer.pushAnswered();
        } catch (ChainClientException e) {
            peer.pushAnswered();
            if (e.status() != 409) {
                LOG.fine("Peer " + peer.url() + " refused " + wire.getString("sig", "") + ": " + e.error());
            }
        } catch (RuntimeException e) {
            peer.pushFailed();
            LOG.fine("Peer " + peer.url() + " unreachable for relay: " + e.getMessage());
        }
    }

    /**
     * Posts, trying a second time on a fresh connection when the first fails at the connection level: a peer that
     * restarted leaves dead pooled connections behind, and the JDK client does not retry a POST by itself.
     */
    private static void postRetryingOnce(PeerState peer, String path, JsonObject body) {
        try {
            peer.client().post(path, body);
        } catch (java.io.UncheckedIOException e) {
            peer.client().post(path, body);
        }
    }
}
