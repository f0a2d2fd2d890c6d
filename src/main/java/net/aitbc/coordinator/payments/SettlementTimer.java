package net.aitbc.coordinator.payments;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
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

/**
 * Every AITBC_SETTLE_INTERVAL_SECONDS (default 2) on a coordinator server: every pending settlement one step
 * further. This is also what settles, after a restart, the jobs that ended before a crash.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SettlementTimer {

    private static final Logger LOG = Logger.getLogger(SettlementTimer.class.getName());

    @Resource
    TimerService timers;
    @Inject
    ServerRoles roles;
    @Inject
    Settler settler;
    @Inject
    @ConfigProperty(name = "AITBC_SETTLE_INTERVAL_SECONDS", defaultValue = "2")
    int intervalSeconds;

    private final AtomicBoolean busy = new AtomicBoolean();

    @PostConstruct
    void start() {
        if (roles.has(Role.COORDINATOR)) {
            long every = Math.max(1, intervalSeconds) * 1000L;
            timers.createIntervalTimer(every, every, new TimerConfig("coordinator-settlement", false));
        }
    }

    @Timeout
    void tick() {
        if (!busy.compareAndSet(false, true)) {
            return;
        }
        try {
            for (String jobId : settler.pending(500)) {
                try {
                    settler.advance(jobId);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "settling job " + jobId + " failed; next round retries", e);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "settlement round failed; next round retries", e);
        } finally {
            busy.set(false);
        }
    }
}
