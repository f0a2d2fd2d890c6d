package net.aitbc.coordinator.payments;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one thread per server that talks to the chain for settlements. The coordinator's transactions share one
 * nonce sequence, so they are sent one after another anyway; doing that on a single worker keeps settlement to
 * one database connection (a task per ended job would each hold a connection while queueing for the nonce, and
 * starve the polls), and lets a burst of ended jobs be taken in one pass.
 */
@ApplicationScoped
public class SettlementWorker {

    private static final Logger LOG = Logger.getLogger(SettlementWorker.class.getName());
    private static final int BATCH = 200;

    @Inject
    Settler settler;
    @Resource
    ManagedExecutorService executor;

    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean again;
    private volatile boolean confirmRequested;

    /** Jobs ended: send what they owe the chain. */
    public void kick() {
        again = true;
        if (running.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    /** The timer's round: also confirm the settles sent earlier (and resend vanished ones). */
    public void kickWithConfirmation() {
        confirmRequested = true;
        kick();
    }

    private void drain() {
        try {
            while (again) {
                again = false;
                boolean confirm = confirmRequested;
                confirmRequested = false;
                List<String> ids = confirm ? settler.pending(BATCH * 5) : settler.unsent(BATCH);
                for (String id : ids) {
                    try {
                        settler.advance(id);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "settling job " + id + " failed; the next round retries", e);
                    }
                }
                if (!confirm && ids.size() == BATCH) {
                    again = true; // more than one batch ended
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "settlement pass failed; the next round retries", e);
        } finally {
            running.set(false);
            if (again && running.compareAndSet(false, true)) {
                executor.execute(this::drain); // a kick arrived as this pass ended
            }
        }
    }
}
