package net.aitbc.coordinator.admin;

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
import net.aitbc.platform.config.Role;
import net.aitbc.platform.config.ServerRoles;

/**
 * On a coordinator server: registers the coordinator's gauges at start and reads their counts every
 * {@link #INTERVAL_MILLIS} (non-persistent EJB timer), so a scrape costs no query and many scrapes cost one read.
 * After the schema, so the first read finds the tables.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CoordinatorMetricsTimer {

    static final long INTERVAL_MILLIS = 5000;

    @Resource
    TimerService timers;
    @Inject
    ServerRoles roles;
    @Inject
    CoordinatorMetrics metrics;

    private final AtomicBoolean busy = new AtomicBoolean();

    @PostConstruct
    void start() {
        if (roles.has(Role.COORDINATOR)) {
            metrics.register();
            timers.createIntervalTimer(0, INTERVAL_MILLIS, new TimerConfig("coordinator-metrics", false));
        }
    }

    @Timeout
    void tick() {
        if (!busy.compareAndSet(false, true)) {
            return; // a slow database: skip this tick rather than pile reads up
        }
        try {
            metrics.refresh();
        } finally {
            busy.set(false);
        }
    }
}
