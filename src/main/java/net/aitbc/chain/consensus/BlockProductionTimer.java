package net.aitbc.chain.consensus;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.aitbc.chain.config.ChainConfig;
import net.aitbc.chain.ledger.ChainHead;
import net.aitbc.chain.ledger.LedgerWriteLock;
import net.aitbc.chain.mempool.Mempool;
import net.aitbc.chain.node.NodeMetrics;
import net.aitbc.chain.protocol.BlockHeader;
import net.aitbc.chain.protocol.Genesis;
import net.aitbc.platform.config.Role;
import net.aitbc.platform.config.ServerRoles;

/**
 * Looks at the mempool every block_time_seconds (non-persistent EJB interval timer) on an authority node; a
 * follower never produces. A tick that finds the previous one still running is skipped.
 */
@Singleton
@Startup
@DependsOn("NodeStartup")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class BlockProductionTimer {

    private static final Logger LOG = Logger.getLogger(BlockProductionTimer.class.getName());

    @Resource
    TimerService timers;
    @Inject
    ServerRoles roles;
    @Inject
    ChainConfig config;
    @Inject
    BlockProducer producer;
    @Inject
    NodeMetrics metrics;

    @Inject
    LedgerWriteLock writeLock;
    @Inject
    ChainHead chainHead;
    @Inject
    Mempool mempool;

    private final AtomicBoolean busy = new AtomicBoolean();

    /**
     * In turn for the next height: always. Out of turn: only when the in-turn authority has let pending
     * transactions wait for the proposer timeout (so a live in-turn authority is never raced).
     */
    private boolean mayProduceNow() {
        Genesis genesis = config.genesis();
        String me = config.proposerKey().orElseThrow().address();
        BlockHeader head = chainHead.header(config.chainId()).orElseThrow();
        if (ProposerSchedule.isInTurn(genesis, me, head.height() + 1)) {
            return true;
        }
        long waitingSince = Math.max(head.timestamp(), mempool.oldestReceivedAt().orElse(Long.MAX_VALUE));
        return System.currentTimeMillis() - waitingSince >= genesis.params().proposerTimeoutSeconds() * 1000L;
    }

    @PostConstruct
    void schedule() {
        if (!roles.has(Role.NODE) || config.proposerKey().isEmpty()) {
            return;
        }
        long interval = config.blockTimeMillis();
        timers.createIntervalTimer(interval, interval, new TimerConfig("block-production", false));
        LOG.info("Producing blocks every " + interval + " ms when the mempool holds transactions");
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void tick(Timer timer) {
        if (!busy.compareAndSet(false, true)) {
            return;
        }
        try {
            long start = System.nanoTime();
            writeLock.run(() -> mayProduceNow() ? producer.produce(config.proposerKey().orElseThrow())
                    : java.util.Optional.<net.aitbc.chain.protocol.BlockHeader>empty()).ifPresent(block -> {
                long micros = (System.nanoTime() - start) / 1000;
                metrics.blockCommitted(micros);
                LOG.info("Block " + block.height() + " with " + block.txCount() + " transactions built and committed in "
                        + micros / 1000.0 + " ms");
            });
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Block production failed; the mempool is unchanged and the next tick retries", e);
        } finally {
            busy.set(false);
        }
    }
}
