package net.aitbc.bench;

import jakarta.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.aitbc.testing.Http;
import net.aitbc.testing.TestMiner;

/**
 * Phase Q: the poll's latency while a job waits. Jobs are queued first (free jobs, no miner waiting), then
 * {@link #MINERS} miners poll them away (poll → result → poll); every poll finds a job already queued, so its
 * latency is the claim itself: the miner row lock and profile, the candidate read, the lock of the chosen job,
 * the transition and its trail row, the answer. Two rounds: the miners as fast as they can (a closed loop on the
 * shared cores: its latency is mostly queueing, about miners / throughput), then paced so that together they take
 * {@code bench.queued.rate} jobs/s (default 200, the end-to-end target): the latency a poll sees at that rate.
 */
final class QueuedPolls {

    static final int MINERS = Integer.getInteger("bench.queued.miners", 20);
    private static final int JOBS = Integer.getInteger("bench.queued.jobs", 1000);
    private static final int RATE = Integer.getInteger("bench.queued.rate", 200);

    private final CoordinatorSite site;
    private final List<String> summary;
    private final List<String> keys;

    QueuedPolls(CoordinatorSite site, List<String> summary, int firstKey) {
        this.site = site;
        this.summary = summary;
        this.keys = site.minerKeys.subList(firstKey, firstKey + MINERS);
    }

    void run() throws Exception {
        round(0);
        round(RATE);
    }

    /** One round; {@code rate} 0: as fast as the miners can, else paced to that many jobs/s in all. */
    private void round(int rate) throws Exception {
        String model = "bench-queued-" + System.nanoTime();
        List<TestMiner> miners = new ArrayList<>();
        for (String key : keys) {
            miners.add(new TestMiner(key, null).register(site.coordinator, TestMiner.gpu("NVIDIA L4", 24, "12.2", model), 1));
        }
        String body = Json.createObjectBuilder().add("payload", Json.createObjectBuilder().add("model", model)
                .add("prompt", "p")).build().toString();
        long t0 = System.nanoTime();
        for (int i = 0; i < JOBS; i++) {
            Http.Response r = Http.post(site.coordinator.url("/v1/jobs"), body, "X-Api-Key", site.clientKeys.get(i % site.clientKeys.size()));
            if (r.status() != 201) {
                throw new IllegalStateException("submit: " + r);
            }
        }
        double queueSeconds = (System.nanoTime() - t0) / 1e9;
        Latencies polls = new Latencies();
        Latencies results = new Latencies();
        AtomicInteger taken = new AtomicInteger();
        AtomicInteger empty = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(MINERS);
        long t1 = System.nanoTime();
        try {
            List<Future<?>> work = new ArrayList<>();
            for (TestMiner m : miners) {
                long interval = rate == 0 ? 0 : 1_000_000_000L * MINERS / rate;
                long offset = interval * work.size() / MINERS; // spread the miners' turns over the interval
                work.add(pool.submit(() -> {
                    long due = System.nanoTime() + offset;
                    while (taken.get() < JOBS) {
                        if (interval > 0) {
                            long sleep = due - System.nanoTime();
                            if (sleep > 0) {
                                TimeUnit.NANOSECONDS.sleep(sleep);
                            }
                            due += interval;
                        }
                        long s = System.nanoTime();
                        Http.Response r = m.poll(site.coordinator, 0);
                        long took = System.nanoTime() - s;
                        if (r.status() != 200) {
                            empty.incrementAndGet();
                            if (taken.get() >= JOBS) {
                                break;
                            }
                            continue;
                        }
                        polls.add(took);
                        taken.incrementAndGet();
                        long rs = System.nanoTime();
                        m.result(site.coordinator, r.json().getString("job_id"), Json.createObjectBuilder()
                                .add("output", "ok").build(), Json.createObjectBuilder().add("units", 1).build());
                        results.add(System.nanoTime() - rs);
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - t1) / 1e9;
        String how = rate == 0 ? "as fast as they can" : "paced to " + rate + " jobs/s in all";
        System.out.printf("Q. %d free jobs queued in %.1f s (no miner waiting), then %d miners took them, %s: %.1f "
                + "jobs/s (poll → result → poll)%n", JOBS, queueSeconds, MINERS, how, taken.get() / seconds);
        System.out.println("Q. poll answered 200 with a job already queued: " + polls.line());
        System.out.println("Q. result (receipt signed; its claim to the chain follows asynchronously): " + results.line());
        System.out.println("Q. polls that found nothing (the queue ran dry at the end): " + empty.get());
        summary.add(String.format("Q. poll while a job waits, %s: p50/p95/p99 %.1f/%.1f/%.1f ms (%d polls, %d "
                + "miners, %.1f jobs/s taken)", how, polls.ms(50), polls.ms(95), polls.ms(99), polls.count(), MINERS,
                taken.get() / seconds));
    }
}
