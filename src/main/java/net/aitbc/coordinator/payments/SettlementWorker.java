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
 * nonce sequence; a single worker keeps settlement to one database connection (a task per ended job would each
 * hold a connection while queueing for the nonce, and starve the polls), and sends everything that ended while it
 * was busy in one batch ({@link Settler#sendPass}).
 */
@ApplicationScoped
public class SettlementWorker {

    private static final Logger LOG = Logger.getLogger(SettlementWorker.class.getName());
    /** Jobs per send pass: at most two transactions each, well within the node's 500 per batch. */
    private static final int PASS = 100;
    private static final int CONFIRM_BATCH = 1000;

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
                if (confirm) {
                    // once a round: the oldest ones first, and settles still waiting for a block stay in the next
                    settler.confirmPass(CONFIRM_BATCH);
                }
                // full passes follow each other while jobs keep ending; a pass that moved nothing ends the drain
                int moved;
                do {
                    moved = settler.sendPass(PASS);
                } while (moved >= PASS);
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
