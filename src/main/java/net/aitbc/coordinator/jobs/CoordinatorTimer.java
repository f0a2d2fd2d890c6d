package net.aitbc.coordinator.jobs;

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

/**
 * Once a second on a coordinator server (non-persistent EJB timer): expiries and silent miners, then the long-poll
 * safety net. A tick that finds the previous one running is skipped. Starting it also starts the cross-server
 * job signals.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CoordinatorTimer {

    private static final Logger LOG = Logger.getLogger(CoordinatorTimer.class.getName());

    @Resource
    TimerService timers;
    @Inject
    ServerRoles roles;
    @Inject
    JobSweep sweep;
    @Inject
    PollWaiters waiters;
    @Inject
    JobSignals signals;

    private final AtomicBoolean busy = new AtomicBoolean();

    @PostConstruct
    void start() {
        if (roles.has(Role.COORDINATOR)) {
            signals.toString(); // instantiates the bean: its listener starts now, not on the first paid job
            timers.createIntervalTimer(1000, 1000, new TimerConfig("coordinator-sweep", false));
        }
    }

    @Timeout
    void tick() {
        if (!busy.compareAndSet(false, true)) {
            return;
        }
        try {
            sweep.markOffline();
            for (String jobId : sweep.due()) {
                try {
                    sweep.sweep(jobId);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "sweeping job " + jobId + " failed; next tick retries", e);
                }
            }
            waiters.retryAll();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "coordinator sweep failed; next tick retries", e);
        } finally {
            busy.set(false);
        }
    }
}
