package net.aitbc.chain.node;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import net.aitbc.chain.config.ChainConfig;
import net.aitbc.chain.ledger.Block;
import net.aitbc.chain.ledger.Ledger;
import net.aitbc.chain.mempool.Mempool;
import net.aitbc.platform.config.FatalStartup;
import net.aitbc.platform.config.Role;
import net.aitbc.platform.config.ServerRoles;

/**
 * Brings the node up after the schema: loads its chain configuration, stores genesis into an empty ledger or
 * checks that the stored chain is the configured one, and counts the persisted mempool.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class NodeStartup {

    private static final Logger LOG = Logger.getLogger(NodeStartup.class.getName());

    @Inject
    ServerRoles roles;
    @Inject
    ChainConfig config;
    @Inject
    Ledger ledger;
    @Inject
    Mempool mempool;
    @Inject
    NodeMetrics metrics;

    private volatile boolean ready;

    @PostConstruct
    void start() {
        if (!roles.has(Role.NODE)) {
            return;
        }
        config.load();
        String genesisHash = config.genesis().block().hash();
        Block stored = ledger.block(0).orElse(null);
        if (stored == null) {
            ledger.initialise(config.genesis());
            LOG.info("Stored genesis " + genesisHash);
        } else if (!stored.hash().equals(genesisHash)) {
            throw FatalStartup.stop("the database holds a chain with genesis " + stored.hash()
                    + " but the configured genesis is " + genesisHash + "; point DATABASE_URL at this chain's database");
        }
        long pending = mempool.recount();
        metrics.register();
        Block head = ledger.head().orElseThrow();
        LOG.info("Node " + config.nodeId() + " at height " + head.height() + " (" + head.hash() + "), "
                + pending + " pending transactions");
        ready = true;
    }

    public boolean isReady() {
        return ready;
    }
}
