package net.aitbc.bench;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the clients and miners of one round of phase J (the warm-up, or the measured jobs) saw; all times are
 * System.nanoTime. Written by the client and miner threads, read once the round is over.
 */
final class JobRound {

    private static final int KEPT_ERRORS = 5;

    /** A poll that was answered with a job. */
    record Offered(String jobId, long sent, long answered) {
    }

    final Latencies submit = new Latencies();
    final Latencies pay = new Latencies();
    final Latencies result = new Latencies();
    final Latencies poll204 = new Latencies();
    final Queue<Offered> offered = new ConcurrentLinkedQueue<>();
    /** Paid jobs: job id → {pay sent, pay answered}. */
    final Map<String, long[]> paid = new ConcurrentHashMap<>();
    /** Paid jobs: job id → the client key that owns it (job views are read with it). */
    final Map<String, String> owner = new ConcurrentHashMap<>();
    final AtomicInteger results = new AtomicInteger();
    final AtomicLong lastPaid = new AtomicLong();
    final AtomicLong lastResult = new AtomicLong();
    final AtomicInteger errors = new AtomicInteger();
    final Queue<String> firstErrors = new ConcurrentLinkedQueue<>();

    void error(String what) {
        if (errors.incrementAndGet() <= KEPT_ERRORS) {
            firstErrors.add(what.length() > 300 ? what.substring(0, 300) + "..." : what);
        }
    }

    void paid(String jobId, String clientKey, long sent, long answered) {
        owner.put(jobId, clientKey);
        paid.put(jobId, new long[] {sent, answered});
        lastPaid.accumulateAndGet(answered, Math::max);
    }

    void resultPosted(long sent, long answered) {
        result.add(answered - sent);
        results.incrementAndGet();
        lastResult.accumulateAndGet(answered, Math::max);
    }

    /**
     * The polls answered with a job, split by whether the job was already queued when the poll was sent (its
     * payment answered before: the poll only had to claim it) or the poll was parked and woken by the payment (then
     * measured from the payment's answer, which is a little after the job became assignable: at least 0).
     */
    Latencies[] offeredSplit() {
        Latencies all = new Latencies();
        Latencies queued = new Latencies();
        Latencies woken = new Latencies();
        for (Offered o : offered) {
            long[] p = paid.get(o.jobId());
            if (p == null) {
                continue; // a job of another round
            }
            all.add(o.answered() - o.sent());
            if (p[1] <= o.sent()) {
                queued.add(o.answered() - o.sent());
            } else {
                woken.add(Math.max(0, o.answered() - p[1]));
            }
        }
        return new Latencies[] {all, queued, woken};
    }
}
