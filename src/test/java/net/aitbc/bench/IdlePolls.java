package net.aitbc.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import net.aitbc.testing.Http;
import net.aitbc.testing.TestMiner;

/**
 * Phase I of the coordinator benchmark: {@code bench.idle} registered miners each hold one long poll open at once
 * ({@code max_wait_seconds} {@code bench.idle.wait}, sent asynchronously over one HTTP/1.1 client, so one
 * connection each). The coordinator's RSS, threads and open files before and while they wait; then a tenth as
 * many free jobs are submitted: how many waiting polls get one and how long after its submit; the rest end with
 * 204 when their wait is over.
 */
final class IdlePolls {

    static final int IDLE = Integer.getInteger("bench.idle", 2000);
    private static final int WAIT_SECONDS = Integer.getInteger("bench.idle.wait", 30);
    private static final String MODEL = "bench-idle-model";
    /** Descriptors this process needs besides the polls' sockets (jars, the servers' pipes, other clients). */
    private static final int SPARE_FILES = 200;
    private static final long NANOS = 1_000_000_000L;

    private final CoordinatorSite site;
    private final List<String> summary;
    private final List<String> keys;

    /** @param firstKey the first of the site's miner keys that phase I may use (phase J's miners have the others) */
    IdlePolls(CoordinatorSite site, List<String> summary, int firstKey) {
        this.site = site;
        this.summary = summary;
        this.keys = site.minerKeys.subList(firstKey, firstKey + IDLE);
    }

    /** Fails before any server starts when this process could not hold the polls' connections open. */
    static void checkOpenFilesLimit() {
        long limit = ProcStat.openFilesLimit(-1);
        System.out.println("I. open files limit of this process (/proc/self/limits, soft): "
                + (limit == Long.MAX_VALUE ? "unlimited" : Long.toString(limit)) + "; " + IDLE + " polls need "
                + (IDLE + SPARE_FILES));
        if (limit >= 0 && limit < IDLE + SPARE_FILES) {
            throw new IllegalStateException("this process may open " + limit + " files, but " + IDLE + " held polls "
                    + "need at least " + (IDLE + SPARE_FILES) + ": raise it (ulimit -n " + (IDLE + 1000)
                    + " before mvn) or lower bench.idle");
        }
    }

    void run() throws Exception {
        long pid = site.coordinatorPid();
        long serverLimit = ProcStat.openFilesLimit(pid);
        if (pid >= 0 && serverLimit >= 0 && serverLimit < IDLE + SPARE_FILES) {
            throw new IllegalStateException("the coordinator may open " + serverLimit + " files, but " + IDLE
                    + " held polls need at least " + (IDLE + SPARE_FILES) + ": raise ulimit -n or lower bench.idle");
        }
        register();
        int port = site.coordinator.port();
        long rss0 = ProcStat.rssKb(pid);
        long threads0 = ProcStat.threads(pid);
        long files0 = ProcStat.fds(pid);
        System.out.printf("I. coordinator before the polls: %s; %d connections established at its port%n",
                ProcStat.line(pid), ProcStat.establishedAt(port));

        Polls polls = new Polls(IDLE);
        ExecutorService callbacks = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "idle-poll-answers");
            t.setDaemon(true);
            return t;
        });
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(callbacks)
                .connectTimeout(Duration.ofSeconds(30)).build();
        long s0 = System.nanoTime();
        polls.send(http, URI.create(site.coordinator.url("/v1/miners/poll")), keys);
        long s1 = System.nanoTime();
        double cpuShare = awaitParked(pid, s1);
        long held = ProcStat.establishedAt(port);
        long rss1 = ProcStat.rssKb(pid);
        long threads1 = ProcStat.threads(pid);
        long files1 = ProcStat.fds(pid);
        System.out.printf("I. %d polls (max_wait_seconds %d) sent in %.0f ms over one HttpClient (HTTP/1.1); %.1f s "
                + "later: %d connections established at the coordinator's port, %d polls answered already, the "
                + "coordinator used %.0f %% of a core in the last second%n", IDLE, WAIT_SECONDS, (s1 - s0) / 1e6,
                (System.nanoTime() - s1) / 1e9, held, polls.answered.get(), cpuShare * 100);
        System.out.printf("I. coordinator with the polls waiting: %s (%+d MiB, %+d threads, %+d open files)%n",
                ProcStat.line(pid), (rss1 - rss0) / 1024, threads1 - threads0, files1 - files0);

        int jobs = Math.max(1, IDLE / 10);
        Map<String, Long> submittedAt = new ConcurrentHashMap<>();
        Latencies submit = new Latencies();
        long j0 = System.nanoTime();
        List<String> errors = submit(jobs, submittedAt, submit);
        double submitSeconds = (System.nanoTime() - j0) / 1e9;
        try {
            CompletableFuture.allOf(polls.futures).get(WAIT_SECONDS + 90L, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            System.out.println("I. " + (IDLE - polls.answered.get()) + " polls still unanswered " + (WAIT_SECONDS + 90)
                    + " s after sending");
        }
        callbacks.shutdownNow();

        Latencies toAnswer = new Latencies();
        Latencies ended204 = new Latencies();
        int offered = 0;
        int empty = 0;
        List<String> other = new ArrayList<>();
        for (int i = 0; i < IDLE; i++) {
            switch (polls.status[i]) {
                case 200 -> {
                    offered++;
                    Long at = submittedAt.get(polls.jobId[i]);
                    if (at != null) {
                        toAnswer.add(polls.answeredAt[i] - at);
                    }
                }
                case 204 -> {
                    empty++;
                    ended204.add(polls.answeredAt[i] - polls.sentAt[i]);
                }
                default -> {
                    if (other.size() < 5) {
                        other.add(polls.status[i] == 0 ? "no answer" : polls.status[i] == -1 ? polls.failure[i]
                                : polls.status[i] + " " + polls.failure[i]);
                    }
                }
            }
        }
        int others = IDLE - offered - empty;
        System.out.printf("I. %d free jobs submitted in %.1f s by %d clients (POST /v1/jobs %s)%s%n",
                submittedAt.size(), submitSeconds, site.clientKeys.size(), submit.line(),
                errors.isEmpty() ? "" : "; refused: " + String.join(" | ", errors));
        System.out.printf("I. polls answered with a job: %d of %d (for %d jobs); submit -> poll answer %s%n", offered,
                IDLE, submittedAt.size(), toAnswer.line());
        System.out.printf("I. the others: %d ended 204 after %.1f s (median; min %.1f s, max %.1f s), %d otherwise%s%n",
                empty, ended204.ms(50) / 1000, ended204.minMs() / 1000, ended204.ms(100) / 1000,
                others, other.isEmpty() ? "" : ": " + String.join(" | ", other));
        System.out.println("I. coordinator after the polls ended: " + ProcStat.line(pid));
        summary.add(String.format("I. %d long-polls held: coordinator RSS %d -> %d MiB, threads %d -> %d, open files "
                + "%d -> %d (%d connections at its port)", IDLE, rss0 / 1024, rss1 / 1024, threads0, threads1, files0,
                files1, held));
        summary.add(String.format("I. %d free jobs to the waiting polls: %d polls got one, submit -> poll answer p50 "
                + "%.0f ms, p99 %.0f ms; %d of the other %d ended 204, %d otherwise", submittedAt.size(), offered,
                toAnswer.ms(50), toAnswer.ms(99), empty, IDLE - offered, others));
    }

    private void register() throws InterruptedException {
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        AtomicInteger failed = new AtomicInteger();
        for (String key : keys) {
            pool.submit(() -> {
                try {
                    new TestMiner(key, null).register(site.coordinator,
                            TestMiner.gpu("NVIDIA RTX 4090", 24, "12.2", MODEL), 1);
                } catch (RuntimeException | AssertionError e) {
                    if (failed.incrementAndGet() <= 3) {
                        System.out.println("I. registering failed: " + e.getMessage());
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.MINUTES);
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + IDLE + " miners could not register");
        }
        System.out.printf("I. %d miners registered in %.1f s (own key each, no wallet: free jobs only)%n", IDLE,
                (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Waits until the polls have most likely reached the coordinator and parked: at least 5 s, then until it used
     * under a tenth of a core for a second, at most 15 s after the last was sent (well within their wait). Returns
     * the share of a core it used in the last second.
     */
    private static double awaitParked(long pid, long sent) throws InterruptedException {
        Thread.sleep(Math.max(0, (sent + 5 * NANOS - System.nanoTime()) / 1_000_000));
        double share;
        do {
            double c0 = ProcStat.cpuSeconds(pid, false);
            long t0 = System.nanoTime();
            Thread.sleep(1000);
            share = (ProcStat.cpuSeconds(pid, false) - c0) / ((System.nanoTime() - t0) / 1e9);
        } while (share > 0.10 && System.nanoTime() < sent + 15 * NANOS);
        return share;
    }

    /** Submits free jobs from the clients' keys in parallel; job id → when its submit was sent. Returns refusals. */
    private List<String> submit(int jobs, Map<String, Long> submittedAt, Latencies latency) throws InterruptedException {
        List<String> keysOfClients = site.clientKeys;
        List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(keysOfClients.size());
        AtomicInteger next = new AtomicInteger();
        for (String key : keysOfClients) {
            pool.submit(() -> {
                for (int n = next.getAndIncrement(); n < jobs; n = next.getAndIncrement()) {
                    String body = Json.createObjectBuilder().add("payload", Json.createObjectBuilder()
                            .add("model", MODEL).add("prompt", "idle job " + n)).build().toString();
                    long t = System.nanoTime();
                    try {
                        Http.Response r = Http.post(site.coordinator.url("/v1/jobs"), body, "X-Api-Key", key);
                        latency.add(System.nanoTime() - t);
                        if (r.status() == 201) {
                            submittedAt.put(r.json().getString("job_id"), t);
                        } else if (errors.size() < 5) {
                            errors.add(r.toString());
                        }
                    } catch (RuntimeException | AssertionError e) {
                        if (errors.size() < 5) {
                            errors.add(e.toString());
                        }
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        return errors;
    }

    /** The held polls: per poll when it was sent and answered (System.nanoTime), its status (0: none) and job. */
    private static final class Polls {
        final long[] sentAt;
        final long[] answeredAt;
        final int[] status;
        final String[] jobId;
        final String[] failure;
        final CompletableFuture<?>[] futures;
        final AtomicInteger answered = new AtomicInteger();

        Polls(int n) {
            sentAt = new long[n];
            answeredAt = new long[n];
            status = new int[n];
            jobId = new String[n];
            failure = new String[n];
            futures = new CompletableFuture<?>[n];
        }

        /** One asynchronous poll per key; each answer is noted by the client's callback threads. */
        void send(HttpClient http, URI poll, List<String> keys) {
            String body = "{\"max_wait_seconds\": " + WAIT_SECONDS + "}";
            for (int i = 0; i < keys.size(); i++) {
                int p = i;
                HttpRequest request = HttpRequest.newBuilder(poll).timeout(Duration.ofSeconds(WAIT_SECONDS + 60L))
                        .header("Content-Type", "application/json").header("X-Api-Key", keys.get(i))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                sentAt[p] = System.nanoTime();
                futures[p] = http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((r, e) -> {
                    answeredAt[p] = System.nanoTime();
                    try {
                        note(p, r, e);
                    } catch (RuntimeException bad) {
                        failure[p] = "unreadable answer: " + bad;
                    } finally {
                        answered.incrementAndGet();
                    }
                    return null;
                });
            }
        }

        private void note(int p, HttpResponse<String> r, Throwable e) {
            if (e != null) {
                status[p] = -1;
                failure[p] = e.toString();
                return;
            }
            status[p] = r.statusCode();
            if (r.statusCode() == 200) {
                try (var reader = Json.createReader(new StringReader(r.body()))) {
                    JsonObject offer = reader.readObject();
                    jobId[p] = offer.getString("job_id", null);
                }
            } else if (r.statusCode() != 204) {
                failure[p] = r.body().length() > 200 ? r.body().substring(0, 200) : r.body();
            }
        }
    }
}
