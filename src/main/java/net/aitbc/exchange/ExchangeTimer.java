package net.aitbc.exchange;

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
import net.aitbc.platform.config.Role;
import net.aitbc.platform.config.ServerRoles;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every AITBC_EXCHANGE_FOLLOW_MILLIS (default 1000) on an exchange server: follow the chain (deposits, confirmed
 * withdrawals, solvency) and send what withdrawals are still pending, which is also what finishes, after a restart,
 * the withdrawals a crash interrupted. It also starts the matching engine with the server, so the book is rebuilt
 * before the first order arrives.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration") // the book is read from tables the migrations create
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ExchangeTimer {

    @Resource
    TimerService timers;
    @Inject
    ServerRoles roles;
    @Inject
    ExchangeEngine engine;
    @Inject
    ChainFollower follower;
    @Inject
    Withdrawals withdrawals;
    @Inject
    @ConfigProperty(name = "AITBC_EXCHANGE_FOLLOW_MILLIS", defaultValue = "1000")
    long intervalMillis;

    @PostConstruct
    void start() {
        if (roles.has(Role.EXCHANGE)) {
            engine.snapshot(); // creates the engine now: the book is read from the database at start
            long every = Math.max(100, intervalMillis);
            timers.createIntervalTimer(every, every, new TimerConfig("exchange-follow", false));
        }
    }

    @Timeout
    void tick() {
        follower.pass();
        try {
            withdrawals.sendPending();
        } catch (RuntimeException e) {
            // the chain is away; the next tick tries again
        }
    }
}
