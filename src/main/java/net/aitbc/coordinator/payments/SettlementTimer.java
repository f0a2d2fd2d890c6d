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
import net.aitbc.platform.config.Role;
import net.aitbc.platform.config.ServerRoles;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every AITBC_SETTLE_INTERVAL_SECONDS (default 2) on a coordinator server: every pending settlement one step
 * further, on the {@link SettlementWorker}. This is also what settles, after a restart, the jobs that ended before
 * a crash.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SettlementTimer {

    @Resource
    TimerService timers;
    @Inject
    ServerRoles roles;
    @Inject
    SettlementWorker worker;
    @Inject
    @ConfigProperty(name = "AITBC_SETTLE_INTERVAL_SECONDS", defaultValue = "2")
    int intervalSeconds;

    @PostConstruct
    void start() {
        if (roles.has(Role.COORDINATOR)) {
            long every = Math.max(1, intervalSeconds) * 1000L;
            timers.createIntervalTimer(every, every, new TimerConfig("coordinator-settlement", false));
        }
    }

    @Timeout
    void tick() {
        worker.kickWithConfirmation();
    }
}
