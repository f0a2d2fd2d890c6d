package net.aitbc.coordinator.jobs;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.Response;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.aitbc.coordinator.matching.MatchRules;

/**
 * Miners waiting in a long poll. A waiting miner holds no thread: its request is suspended (asynchronous JAX-RS)
 * and sits in a FIFO. When a job becomes assignable (here, or on another server by PostgreSQL NOTIFY) the waiters
 * whose capabilities fit it try to claim, oldest first, until one claim comes back empty (the job is taken), so a
 * new job costs a claim or two however many miners wait. A safety-net round ({@link #retryAll}) covers anything
 * a wake-up missed.
 */
@ApplicationScoped
public class PollWaiters {

    private static final Logger LOG = Logger.getLogger(PollWaiters.class.getName());
    private static final int WAITING = 0;
    private static final int CLAIMING = 1;
    private static final int DONE = 2;

    @Inject
    Assignment assignment;
    @Inject
    JobService jobs;
    @Resource
    ManagedExecutorService executor;

    private final ConcurrentLinkedDeque<Waiter> queue = new ConcurrentLinkedDeque<>();

    /** A suspended poll and what the miner can do (read once when it started waiting). */
    final class Waiter {
        /** null until the first claim has read it: the waiter is queued before, so no wake-up is missed */
        volatile MinerProfile miner;
        final AsyncResponse response;
        final boolean nullWhenEmpty;
        final AtomicInteger state = new AtomicInteger(WAITING);
        volatile boolean wokenWhileClaiming;
        volatile boolean timedOut;

        Waiter(AsyncResponse response, boolean nullWhenEmpty) {
            this.response = response;
            this.nullWhenEmpty = nullWhenEmpty;
        }
    }

    /**
     * Starts a long poll: claims at once, in the same transaction that reads the miner (404 unregistered, 403
     * deactivated: thrown here, before anything is suspended); without a job, waits up to {@code maxWaitSeconds}
     * and then answers 204 (or 200 {@code null} for the original CLI's GET).
     */
    public void poll(String minerId, int maxWaitSeconds, AsyncResponse response, boolean nullWhenEmpty) {
        Waiter w = new Waiter(response, nullWhenEmpty);
        w.state.set(CLAIMING);
        queue.add(w); // before the first claim, so a wake-up during it is not lost
        Assignment.FirstClaim first;
        try {
            first = assignment.firstClaim(minerId);
        } catch (RuntimeException e) {
            w.state.set(DONE);
            queue.remove(w);
            throw e;
        }
        w.miner = first.profile();
        if (first.offer().isPresent()) {
            deliver(w, first.offer().get());
            return;
        }
        response.setTimeoutHandler(r -> timeout(w));
        response.setTimeout(Math.max(0, maxWaitSeconds), TimeUnit.SECONDS);
        if (claimEnded(w) == null && maxWaitSeconds <= 0) {
            timeout(w);
        }
    }

    public int waitingCount() {
        return queue.size();
    }

    void onAssignable(@Observes(during = TransactionPhase.AFTER_SUCCESS) JobBecameAssignable event) {
        wake(event);
    }

    /** Wakes the waiters that fit a job, oldest first, until a claim finds nothing. */
    void wake(JobBecameAssignable event) {
        executor.execute(() -> {
            for (Iterator<Waiter> it = queue.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (w.state.get() == DONE || !fits(w.miner, event)) {
                    continue;
                }
                String took = attempt(w);
                if (event.jobId().equals(took)) {
                    return; // this job is taken: one claim per new job, not one more that comes back empty
                }
                if (took == null && w.state.get() != CLAIMING) {
                    return; // nothing left for this kind of miner: the job went elsewhere
                }
                // it took an older job (this one still waits), or another claim of its own is in flight
            }
        });
    }

    /** A miner's own job ended: its freed concurrency slot may take a job now. */
    void wakeMiner(String minerId) {
        executor.execute(() -> queue.stream().filter(w -> w.miner != null && w.miner.minerId().equals(minerId)
                && w.state.get() == WAITING).findFirst().ifPresent(this::attempt));
    }

    /** The safety net: every waiting miner claims once, when there is anything to claim at all. */
    public void retryAll() {
        if (queue.isEmpty() || !assignment.anyAssignable()) {
            return;
        }
        int budget = 100; // bounded: a job nobody can take must not cost a claim per waiter every round
        for (Iterator<Waiter> it = queue.iterator(); it.hasNext() && budget > 0; ) {
            Waiter w = it.next();
            if (w.state.get() == WAITING) {
                budget--;
                attempt(w);
            }
        }
    }

    /** One claim for a waiter; the id of the job it got, or null. */
    private String attempt(Waiter w) {
        if (!w.state.compareAndSet(WAITING, CLAIMING)) {
            if (w.state.get() == CLAIMING) {
                w.wokenWhileClaiming = true; // its claim in flight looks again when it ends
            }
            return null;
        }
        try {
            do {
                w.wokenWhileClaiming = false;
                Optional<Assignment.Offer> offer = assignment.claim(w.miner.minerId());
                if (offer.isPresent()) {
                    deliver(w, offer.get());
                    return offer.get().jobId();
                }
            } while (w.wokenWhileClaiming && !w.timedOut);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "claim for miner " + w.miner.minerId() + " failed", e);
        }
        return claimEnded(w);
    }

    /** A claim came back empty: wait again, answer a timeout that fired meanwhile, or look again if woken. */
    private String claimEnded(Waiter w) {
        w.state.set(WAITING);
        if (w.timedOut) {
            timeout(w);
        } else if (w.wokenWhileClaiming) {
            return attempt(w); // a wake-up arrived as this claim ended
        }
        return null;
    }

    private void deliver(Waiter w, Assignment.Offer offer) {
        w.state.set(DONE);
        queue.remove(w);
        boolean delivered = w.response.resume(Response.ok(JobViews.offer(offer)).build());
        if (!delivered) {
            // the miner hung up between claim and answer: give the job back rather than strand it RUNNING
            jobs.requeueUndelivered(offer.jobId(), w.miner.minerId());
        }
    }

    private void timeout(Waiter w) {
        if (w.state.compareAndSet(WAITING, DONE)) {
            queue.remove(w);
            w.response.resume(w.nullWhenEmpty ? Response.ok("null", "application/json").build()
                    : Response.noContent().build());
        } else if (w.state.get() == CLAIMING) {
            w.timedOut = true;
            w.response.setTimeout(2, TimeUnit.SECONDS); // a claim is in flight; it answers, or this fires again
        }
    }

    private static boolean fits(MinerProfile m, JobBecameAssignable event) {
        if (m == null) {
            return true; // still in its first claim: it looks again when that ends
        }
        return (!event.paid() || m.hasWallet())
                && MatchRules.exclusion(event.constraints(), m.capabilities(), m.region(), m.unitPrice()).isEmpty();
    }
}
