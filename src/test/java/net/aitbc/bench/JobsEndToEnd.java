package net.aitbc.bench;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import net.aitbc.testing.Http;

/**
 * Phase J of the coordinator benchmark: paid jobs end to end. {@code bench.clients} clients (a client key and a
 * funded wallet each) submit their share of {@code bench.jobs} jobs and pay each with their own lock, while
 * {@code bench.miners} miners poll, take and answer them; the round ends when the chain shows every escrow
 * SETTLED, and the coordinator's job views are then read until each says released. A warm-up round of
 * {@code bench.warmup} jobs runs first, through the same clients and miners, and is not counted: 1,000 by default
 * (about 25 s), since the servers' JIT is still compiling the job path well after 100 (a round after 100 jobs of
 * warm-up cost the coordinator 20 ms of CPU a job, after 1,500 it cost 13–15 ms).
 */
final class JobsEndToEnd {

    static final int JOBS = Integer.getInteger("bench.jobs", 2000);
    static final int MINERS = Integer.getInteger("bench.miners", 50);
    static final int CLIENTS = Integer.getInteger("bench.clients", 20);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 1000);
    private static final int SETTLE_TIMEOUT_SECONDS = Integer.getInteger("bench.settle.timeout", 600);
    private static final String MODEL = "bench-model";
    private static final long NANOS = 1_000_000_000L;

    private final CoordinatorSite site;
    private final List<String> summary;
    private final AtomicReference<JobRound> current = new AtomicReference<>(new JobRound());
    private final List<PayingClient> clients = new ArrayList<>();
    private long coordinatorPid;
    private long nodePid;
    private long postgresPid;

    /** CPU seconds used so far by each process on the cores. */
    private record Cpu(double coordinator, double node, double postgres, double bench) {
    }

    /** One round, all times System.nanoTime; settledAt and releasedAt -1 when they did not happen in time. */
    private record Outcome(JobRound round, int jobs, long start, long settledAt, long releasedAt, int unreleased,
                           long settledCount, long h0, long h1, long tx0, long tx1, Cpu cpu0, Cpu cpu1) {
    }

    JobsEndToEnd(CoordinatorSite site, List<String> summary) {
        this.site = site;
        this.summary = summary;
        for (int c = 0; c < CLIENTS; c++) {
            clients.add(new PayingClient(site.coordinator, site.nodeClient, site.clientKeys.get(c),
                    site.chain.account(c), MODEL));
        }
    }

    void run() throws Exception {
        coordinatorPid = site.coordinatorPid();
        nodePid = site.nodePid();
        postgresPid = CoordinatorSite.postgresPid();
        long r0 = System.nanoTime();
        ExecutorService registering = Executors.newFixedThreadPool(8);
        List<Future<SimulatedMiner>> registered = new ArrayList<>();
        for (int m = 0; m < MINERS; m++) {
            String key = site.minerKeys.get(m);
            registered.add(registering.submit(() -> new SimulatedMiner(site.coordinator, key, MODEL, current)));
        }
        registering.shutdown();
        List<SimulatedMiner> miners = new ArrayList<>();
        for (Future<SimulatedMiner> f : registered) {
            miners.add(f.get()); // a refused registration fails the benchmark here
        }
        System.out.printf("J. %d miners registered in %.1f s (own key and wallet each)%n", MINERS,
                (System.nanoTime() - r0) / 1e9);
        List<Thread> threads = new ArrayList<>();
        for (SimulatedMiner m : miners) {
            Thread t = new Thread(m, "bench-miner-" + threads.size());
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        try {
            Outcome warm = round(WARMUP, false);
            if (warm.settledAt() < 0 || warm.releasedAt() < 0 || (WARMUP > 0 && warm.round().paid.isEmpty())) {
                // its late settlements would count in the measured round
                throw new IllegalStateException("the warm-up's " + warm.round().paid.size() + " jobs did not settle ("
                        + warm.settledCount() + " escrows SETTLED, " + warm.unreleased() + " views not released); "
                        + warm.round().errors.get() + " errors, the first: " + warm.round().firstErrors);
            }
            System.out.printf("J. warm-up: %d jobs end to end in %.1f s (not counted)%n", warm.round().paid.size(),
                    warm.settledAt() < 0 ? Double.NaN : (warm.settledAt() - warm.start()) / 1e9);
            report(round(JOBS, true));
        } finally {
            miners.forEach(SimulatedMiner::stop);
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(SimulatedMiner.MAX_WAIT_SECONDS + 35L)); // a poll, then a result
            }
        }
    }

    private Outcome round(int jobs, boolean progress) throws Exception {
        JobRound r = new JobRound();
        current.set(r);
        long settled0 = site.settledEscrows();
        long tx0 = site.chainTransactions();
        long h0 = site.nodeClient.height();
        Cpu cpu0 = cpu();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            PayingClient client = clients.get(c);
            int share = jobs / CLIENTS + (c < jobs % CLIENTS ? 1 : 0);
            pool.submit(() -> {
                go.await();
                client.run(r, share);
                return null;
            });
        }
        pool.shutdown();
        long start = System.nanoTime();
        go.countDown();
        long deadline = start + SETTLE_TIMEOUT_SECONDS * NANOS;
        long nextProgress = start + 10 * NANOS;
        long settledAt = -1;
        long settled = 0;
        while (System.nanoTime() < deadline) {
            boolean allSent = pool.isTerminated();
            try {
                settled = site.settledEscrows() - settled0;
            } catch (RuntimeException e) {
                r.error("reading the chain's escrows: " + e);
            }
            long now = System.nanoTime();
            if (allSent && settled >= r.paid.size()) {
                settledAt = now;
                break;
            }
            if (progress && now >= nextProgress) {
                System.out.printf("J.   %3.0f s: paid %d, results %d, escrows SETTLED on chain %d%n",
                        (now - start) / 1e9, r.paid.size(), r.results.get(), settled);
                nextProgress += 10 * NANOS;
            }
            Thread.sleep(250);
        }
        pool.shutdownNow();
        long tx1 = site.chainTransactions();
        long h1 = site.nodeClient.height();
        Cpu cpu1 = cpu();
        long[] released = settledAt < 0 ? new long[] {-1, r.paid.size()} : awaitReleased(r, 120 * NANOS);
        return new Outcome(r, jobs, start, settledAt, released[0], (int) released[1], settled, h0, h1, tx0, tx1,
                cpu0, cpu1);
    }

    /** Reads every paid job's view until each says released and settled; {time all did or -1, how many did not}. */
    private long[] awaitReleased(JobRound r, long timeoutNanos) throws Exception {
        List<String> pending = new ArrayList<>(r.paid.keySet());
        ForkJoinPool readers = new ForkJoinPool(8);
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                List<String> check = pending;
                pending = readers.submit(() -> check.parallelStream().filter(id -> !released(r, id)).toList()).get();
                if (!pending.isEmpty()) {
                    Thread.sleep(250);
                }
            }
        } finally {
            readers.shutdown();
        }
        return new long[] {pending.isEmpty() ? System.nanoTime() : -1, pending.size()};
    }

    private boolean released(JobRound r, String jobId) {
        try {
            Http.Response v = Http.get(site.coordinator.url("/v1/jobs/" + jobId), "X-Api-Key", r.owner.get(jobId));
            if (v.status() != 200) {
                return false;
            }
            JsonObject view = v.json();
            return "released".equals(view.getString("payment_status", "")) && "done".equals(view.getString("settlement", ""));
        } catch (RuntimeException | AssertionError e) {
            return false;
        }
    }

    private Cpu cpu() {
        return new Cpu(ProcStat.cpuSeconds(coordinatorPid, true), ProcStat.cpuSeconds(nodePid, true),
                ProcStat.treeCpuSeconds(postgresPid), ProcStat.cpuSeconds(ProcessHandle.current().pid(), false));
    }

    private void report(Outcome o) {
        JobRound r = o.round();
        int paid = r.paid.size();
        double paySeconds = (r.lastPaid.get() - o.start()) / 1e9;
        double resultSeconds = (r.lastResult.get() - o.start()) / 1e9;
        double settleSeconds = o.settledAt() < 0 ? Double.NaN : (o.settledAt() - o.start()) / 1e9;
        double releaseSeconds = o.releasedAt() < 0 ? Double.NaN : (o.releasedAt() - o.start()) / 1e9;
        System.out.printf("J. jobs end to end: %d jobs from %d clients (payment_amount %d each, fee 0), %d miners "
                + "(poll max_wait %d s, result with 1 unit at price 1)%n", o.jobs(), CLIENTS, PayingClient.AMOUNT,
                MINERS, SimulatedMiner.MAX_WAIT_SECONDS);
        System.out.printf("J. submitted and paid: %d of %d in %.1f s = %.1f jobs/s; results posted: %d in %.1f s = "
                + "%.1f jobs/s (from the first submit)%n", paid, o.jobs(), paySeconds, paid / paySeconds,
                r.results.get(), resultSeconds, r.results.get() / resultSeconds);
        if (o.settledAt() < 0) {
            System.out.printf("J. NOT settled within %d s (bench.settle.timeout): %d of %d escrows SETTLED on chain%n",
                    SETTLE_TIMEOUT_SECONDS, o.settledCount(), paid);
        } else {
            System.out.printf("J. end to end, first submit -> every escrow SETTLED on chain: %.1f s = %.1f jobs/s; "
                    + "-> every job view payment_status released, settlement done: %s%n", settleSeconds,
                    paid / settleSeconds, o.releasedAt() < 0 ? "NOT within 120 s more (" + o.unreleased()
                    + " not released)" : String.format("%.1f s = %.1f jobs/s", releaseSeconds, paid / releaseSeconds));
        }
        Latencies[] polls = r.offeredSplit();
        System.out.println("J. submit POST /v1/jobs: " + r.submit.line());
        System.out.println("J. pay POST /v1/payments (the coordinator sends the lock to the node): " + r.pay.line());
        System.out.println("J. poll answered 200, all: " + polls[0].line());
        System.out.println("J. poll answered 200, sent while its job was already queued: " + polls[1].line());
        System.out.println("J. poll parked, then woken by a payment (pay answered -> poll answered): " + polls[2].line());
        System.out.println("J. poll answered 204 (nothing in " + SimulatedMiner.MAX_WAIT_SECONDS + " s): "
                + r.poll204.count());
        System.out.println("J. result POST /v1/miners/{job_id}/result: " + r.result.line());
        int[] txCounts = NodeBenchmark.blockHeaders(site.nodeClient, o.h0() + 1, o.h1()).stream()
                .mapToInt(b -> b.getInt("tx_count")).sorted().toArray();
        int maxTx = txCounts.length == 0 ? 0 : txCounts[txCounts.length - 1];
        int medianTx = txCounts.length == 0 ? 0 : txCounts[txCounts.length / 2];
        double seconds = ((o.settledAt() < 0 ? System.nanoTime() : o.settledAt()) - o.start()) / 1e9;
        System.out.printf("J. chain: height %d -> %d (%d blocks in %.1f s), transactions %d -> %d (+%d, %.1f tx/s; "
                + "%d expected: lock, receipt claim and settle per job); tx_count per block max %d, median %d%n",
                o.h0(), o.h1(), o.h1() - o.h0(), seconds, o.tx0(), o.tx1(), o.tx1() - o.tx0(),
                (o.tx1() - o.tx0()) / seconds, 3L * paid, maxTx, medianTx);
        Cpu a = o.cpu0();
        Cpu b = o.cpu1();
        double coordinatorCpu = b.coordinator() - a.coordinator();
        System.out.printf("J. CPU in that time: coordinator %.1f s (%.1f ms per job), node %.1f s, PostgreSQL %.1f s, "
                + "this benchmark %.1f s, of %.1f core-seconds (%d cores)%n", coordinatorCpu,
                coordinatorCpu * 1000 / Math.max(1, paid), b.node() - a.node(), b.postgres() - a.postgres(),
                b.bench() - a.bench(), seconds * Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().availableProcessors());
        System.out.println("J. coordinator at the end: " + ProcStat.line(coordinatorPid) + "; node: " + ProcStat.line(nodePid));
        if (r.errors.get() > 0) {
            System.out.println("J. errors: " + r.errors.get() + ", the first: " + String.join(" | ", r.firstErrors));
        }
        summary.add(String.format("J. %d paid jobs, %d clients, %d miners: end to end %.1f jobs/s (every escrow SETTLED "
                + "%.1f s after the first submit, every view released at %.1f s); submit+pay %.1f jobs/s; results "
                + "%.1f/s; errors %d", paid, CLIENTS, MINERS, paid / settleSeconds, settleSeconds, releaseSeconds,
                paid / paySeconds, r.results.get() / resultSeconds, r.errors.get()));
        summary.add(String.format("J. latency p50/p95/p99 ms: submit %s, pay %s, poll 200 with its job queued %s, "
                + "parked poll woken %s, result %s", pcts(r.submit), pcts(r.pay), pcts(polls[1]), pcts(polls[2]),
                pcts(r.result)));
        summary.add(String.format("J. chain +%d transactions in %d blocks (per block max %d, median %d); coordinator "
                + "CPU %.1f ms per job; coordinator at the end %s", o.tx1() - o.tx0(), o.h1() - o.h0(), maxTx,
                medianTx, coordinatorCpu * 1000 / Math.max(1, paid), ProcStat.line(coordinatorPid)));
    }

    static String pcts(Latencies l) {
        return l.count() == 0 ? "-" : String.format("%.0f/%.0f/%.0f", l.ms(50), l.ms(95), l.ms(99));
    }
}
