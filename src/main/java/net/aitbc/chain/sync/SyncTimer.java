package net.aitbc.chain.sync;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.aitbc.platform.config.Role;
import net.aitbc.platform.config.ServerRoles;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Runs a sync round every AITBC_SYNC_INTERVAL_SECONDS (non-persistent EJB timer) when peers are configured. */
@Singleton
@Startup
@DependsOn("NodeStartup")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class SyncTimer {

    private static final Logger LOG = Logger.getLogger(SyncTimer.class.getName());

    @Resource
    TimerService timers;
    @Inject
    ServerRoles roles;
    @Inject
    SyncService sync;
    @Inject
    PeerRelay relay;
    @Inject
    @ConfigProperty(name = "AITBC_SYNC_INTERVAL_SECONDS", defaultValue = "10")
    double intervalSeconds;

    private final AtomicBoolean busy = new AtomicBoolean();

    @PostConstruct
    void schedule() {
        if (!roles.has(Role.NODE) || !sync.hasPeers()) {
            return;
        }
        long interval = Math.max(200, Math.round(intervalSeconds * 1000));
        timers.createIntervalTimer(1000, interval, new TimerConfig("sync", false));
        LOG.info("Syncing with " + sync.peers().size() + " peers every " + interval + " ms");
    }

    @Timeout
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void tick() {
        if (!busy.compareAndSet(false, true)) {
            return; // a long catch-up is still running
        }
        try {
            sync.tick();
            relay.regossip();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Sync round failed", e);
        } finally {
            busy.set(false);
        }
    }
}
